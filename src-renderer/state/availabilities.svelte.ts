// The operator's availabilities (space offered for sale) and the commands that change them.
import type { CommandArgs } from '../../src-main/api/contract';
import type { AvailabilityDto, PatchDto, SnapshotDto } from '../../src-main/api/dto';
import type { ApiErrorCode } from '../../src-main/api/errors';
import { BackendError, type Backend } from '../backend';
import { big } from './format';
import { KeyedList } from './keyed.svelte';
import type { LiveSink } from './live.svelte';

/** A command's outcome as forms need it: the api's code, and the engine's own message. */
export type CommandOutcome<T> = { ok: true; value: T } | { ok: false; code: ApiErrorCode; message: string };

/** Runs a command and folds a failure into an outcome. */
export async function attempt<T>(run: () => Promise<T>): Promise<CommandOutcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof BackendError) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: 'internal', message: String(error) };
  }
}

/** Byte totals over every availability, for the allocation bar. */
export interface AvailabilityTotals {
  totalSize: bigint;
  freeSize: bigint;
  reservedBytes: bigint;
  storedBytes: bigint;
}

/** Availabilities as rune state. */
export class AvailabilitiesState implements LiveSink {
  readonly list = new KeyedList<AvailabilityDto>((a) => a.id);
  /** An enable/disable that failed, shown on its row. */
  toggleError = $state<{ id: string; code: ApiErrorCode; message: string } | undefined>();
  /** Ids whose enable/disable is in flight. */
  toggling = $state<string[]>([]);

  totals: AvailabilityTotals = $derived.by(() => {
    const t = { totalSize: 0n, freeSize: 0n, reservedBytes: 0n, storedBytes: 0n };
    for (const a of this.list.values) {
      t.totalSize += big(a.totalSize);
      t.freeSize += big(a.freeSize);
      t.reservedBytes += big(a.reservedBytes);
      t.storedBytes += big(a.storedBytes);
    }
    return t;
  });

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  reset(snapshot: SnapshotDto): void {
    this.list.replace(snapshot.availabilities);
  }

  apply(patch: PatchDto): void {
    this.list.apply(patch.availabilities, undefined);
  }

  /** Offers new space; the list learns of it from the live stream too, but not later than this. */
  async create(input: CommandArgs<'availability.create'>): Promise<CommandOutcome<AvailabilityDto>> {
    const outcome = await attempt(() => this.#backend.invoke('availability.create', input));
    if (outcome.ok) this.list.apply([outcome.value], undefined);
    return outcome;
  }

  /** Changes some fields of an availability. */
  async update(input: CommandArgs<'availability.update'>): Promise<CommandOutcome<AvailabilityDto>> {
    const outcome = await attempt(() => this.#backend.invoke('availability.update', input));
    if (outcome.ok) this.list.apply([outcome.value], undefined);
    return outcome;
  }

  /** Starts or stops matching new slots against an availability; running sales are unaffected. */
  async setEnabled(id: string, enabled: boolean): Promise<void> {
    this.toggling = [...this.toggling, id];
    const outcome = await this.update({ id, enabled });
    this.toggling = this.toggling.filter((t) => t !== id);
    this.toggleError = outcome.ok ? undefined : { id, code: outcome.code, message: outcome.message };
  }
}
