// The repo quota and how it splits: what slot data uses, what availabilities hold, and what is
// left, beside the filesystem's real free space. Wrong disk numbers are operators' most common
// complaint, so any mismatch between the quota and the availabilities is shown, not hidden.
import { availableQuota } from '../../src-main/api/availability-rules';
import type { PatchDto, QuotaDto, SnapshotDto } from '../../src-main/api/dto';
import type { Backend } from '../backend';
import { attempt, type AvailabilitiesState, type CommandOutcome } from './availabilities.svelte';
import { big } from './format';
import type { LiveSink } from './live.svelte';

/** The quota split into the allocation bar's four parts, in bytes. */
export interface Allocation {
  quota: bigint;
  /** Slot data written to disk. */
  stored: bigint;
  /** Reserved for slots still downloading. */
  inProgress: bigint;
  /** Offered in availabilities and not yet reserved. */
  freeInAvailabilities: bigint;
  /** Quota no availability holds. */
  unallocated: bigint;
  /** Quota's reserved bytes minus what the availabilities account for; 0 when the books balance. */
  mismatch: bigint;
  diskFree: bigint;
  diskTotal: bigint;
  /** How much the unwritten quota exceeds the disk's free space; 0 when the disk can hold it. */
  overcommit: bigint;
  /** Bytes a new availability may take (Codex's repo.available()). */
  freeQuota: bigint;
}

/** Disk figures as rune state. */
export class DiskState implements LiveSink {
  quota = $state.raw<QuotaDto | undefined>();

  allocation: Allocation | undefined = $derived.by(() => {
    const q = this.quota;
    if (!q) return undefined;
    const totals = this.#availabilities.totals;
    const max = big(q.maxBytes);
    const used = big(q.usedBytes);
    const reserved = big(q.reservedBytes);
    const diskFree = big(q.diskFreeBytes);
    const unallocated = max - used - reserved;
    const unwritten = max - used;
    return {
      quota: max,
      stored: used,
      inProgress: totals.reservedBytes,
      freeInAvailabilities: totals.freeSize,
      unallocated: unallocated > 0n ? unallocated : 0n,
      mismatch: reserved - totals.reservedBytes - totals.freeSize,
      diskFree,
      diskTotal: big(q.diskTotalBytes),
      overcommit: unwritten > diskFree ? unwritten - diskFree : 0n,
      freeQuota: availableQuota({ maxBytes: max, usedBytes: used, reservedBytes: reserved }),
    };
  });

  /** A quota change in flight. */
  quotaBusy = $state(false);

  readonly #availabilities: AvailabilitiesState;
  readonly #backend: Backend;

  constructor(availabilities: AvailabilitiesState, backend: Backend) {
    this.#availabilities = availabilities;
    this.#backend = backend;
  }

  /** Sets the quota now (the engine refuses one below what is held, saying how much that is). */
  async setQuota(maxBytes: bigint): Promise<CommandOutcome<QuotaDto>> {
    this.quotaBusy = true;
    const outcome = await attempt(() => this.#backend.invoke('quota.set', { maxBytes: maxBytes.toString() }));
    this.quotaBusy = false;
    if (outcome.ok) this.quota = outcome.value;
    return outcome;
  }

  reset(snapshot: SnapshotDto): void {
    this.quota = snapshot.quota;
  }

  apply(patch: PatchDto): void {
    if (patch.quota) this.quota = patch.quota;
  }
}
