// The operator's settings and the selling switch shown in the header.
import type { CommandArgs } from '../../src-main/api/contract';
import type {
  BackupDto,
  OutcomeKind,
  PatchDto,
  SellingStatus,
  SettingsDto,
  SnapshotDto,
  WalletKeyDto,
} from '../../src-main/api/dto';
import type { ApiErrorCode } from '../../src-main/api/errors';
import type { Backend } from '../backend';
import { attempt } from './availabilities.svelte';
import type { LiveSink } from './live.svelte';

/** Settings and selling status as rune state. */
export class SettingsState implements LiveSink {
  settings = $state.raw<SettingsDto | undefined>();
  selling = $state<SellingStatus | undefined>();
  /** A pause, resume or settings change in flight. */
  busy = $state(false);
  errorCode = $state<ApiErrorCode | undefined>();
  /** The last refused change's message, in the engine's words (its fields named as `network.peers: …`). */
  errorMessage = $state<string | undefined>();
  /** A circuit folder being checked and saved. */
  savingCircuitDir = $state(false);
  /** Why the last circuit folder was refused, in the engine's words. */
  circuitDirError = $state<string | undefined>();
  /** A backup being written (and, in a browser, downloaded). */
  backingUp = $state(false);
  /** The last backup this dashboard asked for. */
  lastBackup = $state.raw<BackupDto | undefined>();
  backupError = $state<ApiErrorCode | undefined>();
  /** A wallet key being created or imported on the host. */
  writingWalletKey = $state(false);
  /** The key this dashboard last created or imported (its address and keystore path; no secret). */
  walletKey = $state.raw<WalletKeyDto | undefined>();
  /** Why the last create or import was refused: the code, and the engine's words. */
  walletKeyError = $state.raw<{ code: ApiErrorCode; message: string } | undefined>();

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  reset(snapshot: SnapshotDto): void {
    this.settings = snapshot.settings;
    this.selling = snapshot.selling;
  }

  apply(patch: PatchDto): void {
    if (patch.settings) this.settings = patch.settings;
    if (patch.selling) this.selling = patch.selling;
  }

  /** Whether the operator wants to hear about this kind of outcome. */
  notifies(kind: OutcomeKind): boolean {
    return this.settings?.notifications[kind] ?? true;
  }

  /** Stops taking new slots (running sales continue), or starts again. */
  async setPaused(paused: boolean): Promise<void> {
    await this.#run(() => this.#backend.invoke(paused ? 'selling.pause' : 'selling.resume', {}));
    // The header should not wait for the next patch to stop saying "Selling"; what resuming shows
    // (selling, or nothing offered) is the engine's to say.
    if (!this.errorCode && paused) this.selling = 'paused';
  }

  /**
   * Backs up the data folder on the host. In a browser the file is also fetched, so the operator
   * keeps a copy off the host; returns it for saving (undefined when it stays on the host).
   */
  async backUp(): Promise<Blob | undefined> {
    this.backingUp = true;
    const made = await attempt(() => this.#backend.invoke('backup.create', {}));
    let file: Blob | undefined;
    if (made.ok) {
      this.lastBackup = made.value;
      const { downloadPath } = made.value;
      const fetched =
        downloadPath && this.#backend.fetchFile
          ? await attempt(() => this.#backend.fetchFile!(downloadPath))
          : undefined;
      if (fetched?.ok) file = fetched.value;
      this.backupError = fetched && !fetched.ok ? fetched.code : undefined;
    } else this.backupError = made.code;
    this.backingUp = false;
    return file;
  }

  /**
   * Creates (no private key) or imports the host's key into the data folder's keystore; true when
   * written. The secrets are passed through only: nothing here keeps them.
   */
  async writeWalletKey(input: CommandArgs<'wallet.create'> | CommandArgs<'wallet.import'>): Promise<boolean> {
    this.writingWalletKey = true;
    const outcome = await attempt(() =>
      'privateKey' in input
        ? this.#backend.invoke('wallet.import', input)
        : this.#backend.invoke('wallet.create', input),
    );
    this.writingWalletKey = false;
    this.walletKeyError = outcome.ok ? undefined : { code: outcome.code, message: outcome.message };
    if (outcome.ok) this.walletKey = outcome.value;
    return outcome.ok;
  }

  /** Changes some settings. */
  async update(change: CommandArgs<'settings.update'>): Promise<void> {
    await this.#run(() => this.#backend.invoke('settings.update', change));
  }

  /** Checks and saves a circuit folder (null: find the files by zkeyHash again); true when saved. */
  async saveCircuitDir(dir: string | null): Promise<boolean> {
    this.savingCircuitDir = true;
    const outcome = await attempt(() => this.#backend.invoke('settings.update', { circuitDir: dir }));
    this.savingCircuitDir = false;
    this.circuitDirError = outcome.ok ? undefined : outcome.message;
    if (outcome.ok) this.settings = outcome.value;
    return outcome.ok;
  }

  async #run(command: () => Promise<SettingsDto>): Promise<void> {
    this.busy = true;
    const outcome = await attempt(command);
    this.busy = false;
    this.errorCode = outcome.ok ? undefined : outcome.code;
    this.errorMessage = outcome.ok ? undefined : outcome.message;
    if (outcome.ok) this.settings = outcome.value;
  }
}
