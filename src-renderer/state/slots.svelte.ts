// Every slot this host sells, sold or skipped, with live states; and one slot's full story.
import type { PatchDto, SaleStateName, SlotDetailDto, SlotDto, SnapshotDto } from '../../src-main/api/dto';
import type { ApiErrorCode } from '../../src-main/api/errors';
import type { Backend } from '../backend';
import { attempt } from './availabilities.svelte';
import { csv, isoTime } from './csv';
import { big, fraction } from './format';
import { KeyedList } from './keyed.svelte';
import { stateInfo, type SlotPhase } from './labels';
import type { LiveSink } from './live.svelte';
import { matchesQuery, sortRows, toggleSort, type SortSpec, type SortValue } from './table';

/** Columns the slots table sorts by. */
export type SlotColumn = 'slot' | 'state' | 'size' | 'progress' | 'proofs' | 'payout' | 'startedAt' | 'endsAt';

/** How much of a slot's data is on disk, 0 to 1. */
export const downloadShare = (s: SlotDto) => fraction(s.downloadedBytes, s.slotSize);

const sortKeys: Record<SlotColumn, (s: SlotDto) => SortValue> = {
  slot: (s) => s.slotId,
  state: (s) => stateInfo[s.state].label,
  size: (s) => big(s.slotSize),
  progress: downloadShare,
  proofs: (s) => s.proofs.missed * 1e9 + s.proofs.submitted,
  payout: (s) => big(s.payout),
  startedAt: (s) => s.startedAt,
  endsAt: (s) => s.endsAt ?? 0,
};

/** Slots as rune state, with the table's filter and sort and the open detail. */
export class SlotsState implements LiveSink {
  readonly list = new KeyedList<SlotDto>((s) => s.slotId);
  query = $state('');
  phase = $state<SlotPhase | 'all'>('all');
  /** Only slots in this state; '' for any. */
  state = $state<SaleStateName | ''>('');
  sort = $state<SortSpec<SlotColumn>>({ key: 'startedAt', direction: 'desc' });

  /** Slots per state, counted once per batch of changes. */
  counts: Partial<Record<SaleStateName, number>> = $derived.by(() => {
    const counts: Partial<Record<SaleStateName, number>> = {};
    for (const s of this.list.values) counts[s.state] = (counts[s.state] ?? 0) + 1;
    return counts;
  });

  rows: SlotDto[] = $derived.by(() => {
    const { query, phase, state } = this;
    const kept = this.list.values.filter(
      (s) =>
        (phase === 'all' || stateInfo[s.state].phase === phase) &&
        (state === '' || s.state === state) &&
        matchesQuery(query, s.slotId, s.requestId, s.availabilityId),
    );
    return sortRows(kept, sortKeys[this.sort.key], this.sort.direction);
  });

  /** The slot whose detail is open, its history once loaded, and why loading failed. */
  detailId = $state<string | undefined>();
  detail = $state.raw<SlotDetailDto | undefined>();
  detailError = $state<ApiErrorCode | undefined>();

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  reset(snapshot: SnapshotDto): void {
    this.list.replace(snapshot.slots);
    if (this.detailId) void this.#loadDetail(this.detailId);
  }

  apply(patch: PatchDto): void {
    const open = this.detailId;
    const before = open ? this.list.get(open)?.state : undefined;
    this.list.apply(patch.slots, patch.removedSlots);
    // A new state means a new history entry, which only slot.get carries.
    if (open && patch.slots?.some((s) => s.slotId === open && s.state !== before)) void this.#loadDetail(open);
  }

  /** Sorts by a column, or flips it when it already is the sort column. */
  sortBy(column: SlotColumn): void {
    this.sort = toggleSort(this.sort, column, column === 'slot' || column === 'state' ? 'asc' : 'desc');
  }

  /** Opens one slot's detail (undefined closes it). */
  open(slotId: string | undefined): void {
    if (slotId === this.detailId) return;
    this.detailId = slotId;
    this.detail = undefined;
    this.detailError = undefined;
    if (slotId) void this.#loadDetail(slotId);
  }

  /** The filtered rows as CSV, sizes in bytes and money in base units, times in UTC. */
  toCsv(): string {
    return csv(
      [
        'slot id',
        'request id',
        'slot index',
        'state',
        'slot size (bytes)',
        'downloaded (bytes)',
        'duration (s)',
        'price (base units/byte/s)',
        'collateral (base units)',
        'proofs required',
        'proofs submitted',
        'proofs missed',
        'payout (base units)',
        'started',
        'ends',
        'ended',
        'skipped because',
        'error',
      ],
      this.rows.map((s) => [
        s.slotId,
        s.requestId,
        s.slotIndex,
        s.state,
        s.slotSize,
        s.downloadedBytes,
        s.duration,
        s.pricePerBytePerSecond,
        s.collateral,
        s.proofs.required,
        s.proofs.submitted,
        s.proofs.missed,
        s.payout ?? '',
        isoTime(s.startedAt),
        isoTime(s.endsAt),
        isoTime(s.endedAt),
        s.ignoredReason ?? '',
        s.error ?? '',
      ]),
    );
  }

  /** Shows only one state (from the overview's counts). */
  showState(state: SaleStateName | ''): void {
    this.state = state;
    this.phase = 'all';
    this.query = '';
  }

  async #loadDetail(slotId: string): Promise<void> {
    const outcome = await attempt(() => this.#backend.invoke('slot.get', { slotId }));
    if (this.detailId !== slotId) return;
    if (outcome.ok) {
      this.detail = outcome.value;
      this.detailError = undefined;
    } else this.detailError = outcome.code;
  }
}
