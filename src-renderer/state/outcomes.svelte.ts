// What happened to sales, newest first: the recent log (for the overview and the toasts that
// announce new outcomes as patches bring them, each id at most once), and History, which pages
// through every event the engine recorded, filtered there.
import type { CommandArgs } from '../../src-main/api/contract';
import type { OutcomeDto, OutcomeKind, PatchDto, SnapshotDto } from '../../src-main/api/dto';
import type { Backend, ExportOutcome } from '../backend';
import { attempt, type CommandOutcome } from './availabilities.svelte';
import type { LiveSink } from './live.svelte';
import { PAGE_ROWS, PagedList } from './paged.svelte';
import type { SettingsState } from './settings.svelte';
import { matchesQuery } from './table';

/** How many recent outcomes the dashboard keeps beside History's pages. */
const RECENT_LOG = 200;

/** How long a toast stays, and how many show at once. */
export interface ToastTimings {
  visibleMs: number;
  max: number;
}

/** Outcomes as rune state. */
export class OutcomesState implements LiveSink {
  /** The most recent outcomes, newest first. */
  log = $state.raw<OutcomeDto[]>([]);
  toasts = $state.raw<OutcomeDto[]>([]);
  /** History: every event on the engine matching the filters below, a page at a time. */
  readonly page = new PagedList<OutcomeDto>(
    (cursor) =>
      this.#backend.invoke('history.page', { ...this.filter(), limit: PAGE_ROWS, ...(cursor ? { cursor } : {}) }),
    (o) => o.id,
  );
  kind = $state<OutcomeKind | ''>('');
  query = $state('');
  /** Only outcomes at or after this unix time; 0 for all. */
  since = $state(0);

  // Bookkeeping nothing renders, so plain collections rather than reactive ones.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #seen = new Set<string>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #settings: SettingsState;
  readonly #backend: Backend;
  readonly #timings: ToastTimings;
  #typing: ReturnType<typeof setTimeout> | undefined;

  constructor(backend: Backend, settings: SettingsState, timings: ToastTimings = { visibleMs: 8000, max: 2 }) {
    this.#backend = backend;
    this.#settings = settings;
    this.#timings = timings;
  }

  /** The filters as the engine takes them. */
  filter(): Omit<CommandArgs<'history.page'>, 'cursor' | 'limit'> {
    return {
      ...(this.kind === '' ? {} : { kind: this.kind }),
      ...(this.since > 0 ? { since: this.since } : {}),
      ...(this.query.trim() === '' ? {} : { query: this.query.trim() }),
    };
  }

  /** Loads History's first page once it is shown. */
  show(): void {
    if (!this.page.loaded && !this.page.loading) void this.page.reload();
  }

  /** Shows one kind of event. */
  setKind(kind: OutcomeKind | ''): void {
    this.kind = kind;
    void this.page.reload();
  }

  /** Shows events at or after a time (0: all). */
  setSince(since: number): void {
    this.since = since;
    void this.page.reload();
  }

  /** Searches ids and reasons; the engine is asked once typing pauses. */
  setQuery(query: string): void {
    this.query = query;
    clearTimeout(this.#typing);
    this.#typing = setTimeout(() => void this.page.reload(), 200);
  }

  /** Every event matching the filters as CSV, streamed by the engine. */
  exportCsv(): Promise<CommandOutcome<ExportOutcome>> {
    return attempt(() => this.#backend.exportCsv({ table: 'history', ...this.filter() }));
  }

  reset(snapshot: SnapshotDto): void {
    // Outcomes are a log: a resync merges rather than forgets what was already shown.
    this.#add(snapshot.outcomes);
    if (this.page.loaded) void this.page.reload();
  }

  apply(patch: PatchDto): void {
    const fresh = this.#add(patch.outcomes ?? []);
    const { kind, query, since } = this;
    this.page.prepend(
      fresh
        .filter(
          (o) =>
            (kind === '' || o.kind === kind) && o.at >= since && matchesQuery(query, o.slotId, o.requestId, o.reason),
        )
        .sort((a, b) => b.at - a.at),
    );
    const wanted = fresh.filter((o) => this.#settings.notifies(o.kind));
    if (wanted.length === 0) return;
    this.toasts = [...wanted.reverse(), ...this.toasts].slice(0, this.#timings.max);
    for (const o of wanted)
      this.#timers.set(
        o.id,
        setTimeout(() => this.dismiss(o.id), this.#timings.visibleMs),
      );
  }

  /** Removes a toast. */
  dismiss(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  #add(outcomes: readonly OutcomeDto[]): OutcomeDto[] {
    const fresh = outcomes.filter((o) => !this.#seen.has(o.id));
    if (fresh.length === 0) return [];
    for (const o of fresh) this.#seen.add(o.id);
    // The recent log is for the overview and the toasts; History pages through the rest.
    this.log = [...fresh, ...this.log].sort((a, b) => b.at - a.at).slice(0, RECENT_LOG);
    return fresh;
  }
}
