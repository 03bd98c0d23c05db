// What happened to sales, newest first: the history log, its filters, and the toasts that
// announce new outcomes as patches bring them (each id at most once, however often it arrives).
import type { OutcomeDto, OutcomeKind, PatchDto, SnapshotDto } from '../../src-main/api/dto';
import { csv, isoTime } from './csv';
import { baseUnitsInTokens } from './units';
import type { LiveSink } from './live.svelte';
import { outcomeLabels } from './labels';
import type { MarketState } from './market.svelte';
import type { SettingsState } from './settings.svelte';
import { matchesQuery } from './table';

/** How long a toast stays, and how many show at once. */
export interface ToastTimings {
  visibleMs: number;
  max: number;
}

/** Outcomes as rune state. */
export class OutcomesState implements LiveSink {
  /** Newest first. */
  log = $state.raw<OutcomeDto[]>([]);
  toasts = $state.raw<OutcomeDto[]>([]);
  kind = $state<OutcomeKind | ''>('');
  query = $state('');
  /** Only outcomes at or after this unix time; 0 for all. */
  since = $state(0);

  rows: OutcomeDto[] = $derived.by(() => {
    const { kind, query, since } = this;
    return this.log.filter(
      (o) => (kind === '' || o.kind === kind) && o.at >= since && matchesQuery(query, o.slotId, o.requestId, o.reason),
    );
  });

  // Bookkeeping nothing renders, so plain collections rather than reactive ones.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #seen = new Set<string>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #settings: SettingsState;
  readonly #market: MarketState;
  readonly #timings: ToastTimings;

  constructor(settings: SettingsState, market: MarketState, timings: ToastTimings = { visibleMs: 8000, max: 4 }) {
    this.#settings = settings;
    this.#market = market;
    this.#timings = timings;
  }

  reset(snapshot: SnapshotDto): void {
    // Outcomes are a log: a resync merges rather than forgets what was already shown.
    this.#add(snapshot.outcomes);
  }

  apply(patch: PatchDto): void {
    const fresh = this.#add(patch.outcomes ?? []);
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

  /** The filtered rows as CSV, amounts in base units and in whole tokens of the market's token. */
  toCsv(): string {
    const token = this.#market.token;
    return csv(
      [
        'time (UTC)',
        'event',
        'slot id',
        'request id',
        'slot index',
        'amount (base units)',
        'amount (tokens)',
        'reason',
      ],
      this.rows.map((o) => [
        isoTime(o.at),
        outcomeLabels[o.kind],
        o.slotId,
        o.requestId,
        o.slotIndex,
        o.amount ?? '',
        o.amount && token ? baseUnitsInTokens(BigInt(o.amount), token) : '',
        o.reason ?? '',
      ]),
    );
  }

  #add(outcomes: readonly OutcomeDto[]): OutcomeDto[] {
    const fresh = outcomes.filter((o) => !this.#seen.has(o.id));
    if (fresh.length === 0) return [];
    for (const o of fresh) this.#seen.add(o.id);
    this.log = [...fresh, ...this.log].sort((a, b) => b.at - a.at);
    return fresh;
  }
}
