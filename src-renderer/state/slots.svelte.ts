// Every slot this host sells, sold or skipped: the list is read from the engine's whole history a
// page at a time (sorted and filtered there), the sales running now stay live from the stream, and
// one slot's full story (every sale of it) loads on demand.
import type { CommandArgs } from '../../src-main/api/contract';
import type {
  PatchDto,
  SaleStateName,
  SlotDetailDto,
  SlotDto,
  SlotPhase,
  SlotSort,
  SnapshotDto,
} from '../../src-main/api/dto';
import type { ApiErrorCode } from '../../src-main/api/errors';
import type { Backend, ExportOutcome } from '../backend';
import { attempt, type CommandOutcome } from './availabilities.svelte';
import { fraction } from './format';
import { KeyedList } from './keyed.svelte';
import { stateInfo } from './labels';
import type { LiveSink } from './live.svelte';
import { PAGE_ROWS, PagedList } from './paged.svelte';
import { toggleSort, type SortSpec } from './table';

/** Columns the slots table sorts by (on the engine). */
export type SlotColumn = SlotSort;

/** How much of a slot's data is on disk, 0 to 1. */
export const diskShare = (s: SlotDto) => fraction(s.onDiskBytes, s.slotSize);

const DEFAULT_SORT: SortSpec<SlotColumn> = { key: 'startedAt', direction: 'desc' };

/** Slots as rune state, with the table's filter and sort and the open detail. */
export class SlotsState implements LiveSink {
  /** Sales as the stream last told them: those running at the snapshot, and every one changed since. */
  readonly live = new KeyedList<SlotDto>((s) => s.slotId);
  readonly page = new PagedList<SlotDto>(
    (cursor) =>
      this.#backend.invoke('slots.page', { ...this.filter(), limit: PAGE_ROWS, ...(cursor ? { cursor } : {}) }),
    (s) => s.slotId,
  );
  query = $state('');
  phase = $state<SlotPhase | 'all'>('all');
  /** Only slots in this state; '' for any. */
  state = $state<SaleStateName | ''>('');
  sort = $state<SortSpec<SlotColumn>>(DEFAULT_SORT);

  /** Slots that started since the list loaded (shown on top while it is sorted newest first). */
  fresh: SlotDto[] = $derived.by(() => {
    if (!this.#newestFirst || !this.page.loaded) return [];
    const known = this.page.keys();
    const newest = this.page.rows[0]?.startedAt ?? 0;
    return this.live.values
      .filter((s) => !known.has(s.slotId) && this.#matches(s) && (this.page.complete || s.startedAt >= newest))
      .sort((a, b) => b.startedAt - a.startedAt);
  });

  /** What the table shows: the loaded rows with their live values, under the slots that started since. */
  rows: SlotDto[] = $derived([
    ...this.fresh,
    ...this.page.rows.map((row) => this.live.get(row.slotId) ?? row).filter((s) => this.#matches(s)),
  ]);

  /** How many slots match the filters on the engine, counting those that started since the list loaded. */
  matching: number = $derived(this.page.total + this.fresh.length);

  /** The slot whose detail is open, its history once loaded, and why loading failed. */
  detailId = $state<string | undefined>();
  detail = $state.raw<SlotDetailDto | undefined>();
  detailError = $state<ApiErrorCode | undefined>();

  readonly #backend: Backend;
  #query: ReturnType<typeof setTimeout> | undefined;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  get #newestFirst(): boolean {
    return this.sort.key === DEFAULT_SORT.key && this.sort.direction === DEFAULT_SORT.direction;
  }

  #matches(s: SlotDto): boolean {
    const q = this.query.trim().toLowerCase();
    return (
      (this.phase === 'all' || stateInfo[s.state].phase === this.phase) &&
      (this.state === '' || s.state === this.state) &&
      (q === '' || [s.slotId, s.requestId, s.availabilityId].some((t) => t?.includes(q)))
    );
  }

  /** The filters and sort as the engine takes them. */
  filter(): Omit<CommandArgs<'slots.page'>, 'cursor' | 'limit'> {
    return {
      ...(this.phase === 'all' ? {} : { phase: this.phase }),
      ...(this.state === '' ? {} : { state: this.state }),
      ...(this.query.trim() === '' ? {} : { query: this.query.trim() }),
      sort: this.sort.key,
      direction: this.sort.direction,
    };
  }

  reset(snapshot: SnapshotDto): void {
    this.live.replace(snapshot.slots);
    // Patches may have been missed before this snapshot: the loaded list is read again.
    if (this.page.loaded) void this.page.reload();
    if (this.detailId) void this.#loadDetail(this.detailId);
  }

  apply(patch: PatchDto): void {
    const open = this.detailId;
    const before = open ? this.live.get(open)?.state : undefined;
    this.live.apply(patch.slots, patch.removedSlots);
    // A new state means a new history entry, which only slot.get carries.
    if (open && patch.slots?.some((s) => s.slotId === open && s.state !== before)) void this.#loadDetail(open);
  }

  /** Loads the first page once the list is shown. */
  show(): void {
    if (!this.page.loaded && !this.page.loading) void this.page.reload();
  }

  /** Sorts by a column, or flips it when it already is the sort column. */
  sortBy(column: SlotColumn): void {
    this.sort = toggleSort(this.sort, column, column === 'slot' || column === 'state' ? 'asc' : 'desc');
    void this.page.reload();
  }

  /** Shows one phase. */
  setPhase(phase: SlotPhase | 'all'): void {
    this.phase = phase;
    void this.page.reload();
  }

  /** Shows one state. */
  setState(state: SaleStateName | ''): void {
    this.state = state;
    void this.page.reload();
  }

  /** Searches ids; the engine is asked once typing pauses. */
  setQuery(query: string): void {
    this.query = query;
    clearTimeout(this.#query);
    this.#query = setTimeout(() => void this.page.reload(), 200);
  }

  /** Shows only one state (from the overview's counts). */
  showState(state: SaleStateName | ''): void {
    this.state = state;
    this.phase = 'all';
    this.query = '';
    void this.page.reload();
  }

  /** Every slot matching the filters as CSV, streamed by the engine. */
  exportCsv(): Promise<CommandOutcome<ExportOutcome>> {
    const { sort, direction, ...rest } = this.filter();
    return attempt(() => this.#backend.exportCsv({ table: 'slots', ...rest, sort, direction }));
  }

  /** Opens one slot's detail (undefined closes it). */
  open(slotId: string | undefined): void {
    if (slotId === this.detailId) return;
    this.detailId = slotId;
    this.detail = undefined;
    this.detailError = undefined;
    if (slotId) void this.#loadDetail(slotId);
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
