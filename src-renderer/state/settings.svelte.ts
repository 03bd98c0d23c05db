// The operator's settings and the selling switch shown in the header.
import type { CommandArgs } from '../../src-main/api/contract';
import type { BackupDto, OutcomeKind, PatchDto, SellingStatus, SettingsDto, SnapshotDto } from '../../src-main/api/dto';
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
  /** A backup being written (and, in a browser, downloaded). */
  backingUp = $state(false);
  /** The last backup this dashboard asked for. */
  lastBackup = $state.raw<BackupDto | undefined>();
  backupError = $state<ApiErrorCode | undefined>();

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
    // The header should not wait for the next patch to stop saying "Selling".
    if (!this.errorCode && this.selling !== 'attention') this.selling = paused ? 'paused' : 'selling';
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

  /** Changes some settings. */
  async update(change: CommandArgs<'settings.update'>): Promise<void> {
    await this.#run(() => this.#backend.invoke('settings.update', change));
  }

  async #run(command: () => Promise<SettingsDto>): Promise<void> {
    this.busy = true;
    const outcome = await attempt(command);
    this.busy = false;
    this.errorCode = outcome.ok ? undefined : outcome.code;
    if (outcome.ok) this.settings = outcome.value;
  }
}
