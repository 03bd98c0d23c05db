// The engine's writes to the sale history, batched. What sales record within one event-loop turn
// is committed together at its end, in one transaction for all of them; proof counters of running
// sales wait until the end of their period (one transaction per period for every slot). Reads
// first commit whatever is due, so nobody reads a story older than the dashboard's.
//
// Crash safety: reservations, bytes and collateral never pass through here (the SalesStore commits
// them at once). A SIGKILL loses at most the history of the last event-loop turn and the proof
// counters of the current period; a restored sale continues from the chain either way.
import type { Clock, Seconds } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { NewSale, SaleHistoryStore, SaleOutcome, SaleRecord, SaleStep, SaleWrite } from '../ports/history';
import { errorMessage } from './errors';
import { isStorageFault } from '../errors';

/** What one sale changes in a write. */
export interface SaleChange {
  readonly step?: SaleStep;
  readonly outcomes?: readonly SaleOutcome[];
}

/** Where sale logs write: a new sale gets its id at once, its rows follow with the batch. */
export interface SaleWrites {
  /** Registers a new sale with its first step and returns it with its id. */
  create(sale: NewSale, step: SaleStep): SaleRecord;
  /**
   * Records the sale's facts now with the change; returns the outcomes not told before. `by`
   * (chain seconds) lets the write wait until then, with others; otherwise it goes with this turn.
   */
  save(sale: SaleRecord, change?: SaleChange, by?: Seconds): SaleOutcome[];
}

/** How a HistoryWriter runs. */
export interface HistoryWriterOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Runs `work` at the end of this event-loop turn (default setImmediate). */
  readonly defer?: (work: () => void) => void;
  /** Told when the history cannot be written (disk full, read-only); the writes wait. */
  readonly onStorageFault?: (error: unknown) => void;
}

interface Pending {
  sale: SaleRecord;
  created: boolean;
  steps: SaleStep[];
  outcomes: SaleOutcome[];
  /** Chain time by which it must be written; undefined: with this turn. */
  by: Seconds | undefined;
}

const endOfTurn = (work: () => void): void => {
  if (typeof setImmediate === 'function') setImmediate(work);
  else setTimeout(work, 0);
};

/** Batches the sale history's writes; the store is read through it. */
export class HistoryWriter implements SaleWrites {
  private readonly pending = new Map<number, Pending>();
  private readonly toldOutcomes = new Set<string>();
  private nextId: number | undefined;
  private turnScheduled = false;
  private lazyAt: Seconds | undefined;
  private lazyTimer: AbortController | undefined;
  private closed = false;

  constructor(
    /** The store behind; read it after flush(). */
    readonly store: SaleHistoryStore,
    private readonly options: HistoryWriterOptions,
  ) {}

  /** Sales whose rows are not written yet. */
  get backlog(): number {
    return this.pending.size;
  }

  create(sale: NewSale, step: SaleStep): SaleRecord {
    this.nextId ??= this.store.nextSaleId();
    const record: SaleRecord = { id: this.nextId++, ...sale };
    this.pending.set(record.id, { sale: record, created: true, steps: [step], outcomes: [], by: undefined });
    this.scheduleTurn();
    return record;
  }

  save(sale: SaleRecord, change: SaleChange = {}, by?: Seconds): SaleOutcome[] {
    const existing = this.pending.get(sale.id);
    const entry = existing ?? { sale, created: false, steps: [], outcomes: [], by };
    entry.sale = sale;
    if (change.step !== undefined) entry.steps.push(change.step);
    const fresh = (change.outcomes ?? []).filter((o) => !this.toldOutcomes.has(o.id) && !this.store.hasOutcome(o.id));
    for (const o of fresh) this.toldOutcomes.add(o.id);
    entry.outcomes.push(...fresh);
    // Anything but proof counters goes with this turn; counters wait until the earliest `by`.
    const lazy = by !== undefined && change.step === undefined && fresh.length === 0;
    if (!lazy) entry.by = undefined;
    else if (existing !== undefined && existing.by !== undefined) entry.by = Math.min(existing.by, by);
    this.pending.set(sale.id, entry);
    if (entry.by === undefined) this.scheduleTurn();
    else this.scheduleLazy(entry.by);
    return fresh;
  }

  /** Writes what is due now (everything but waiting proof counters); with `all`, those too. */
  flush(all = false): void {
    const due = [...this.pending.values()].filter((p) => all || p.by === undefined);
    if (due.length === 0) return;
    // Counters waiting for their period ride along with writes that happen anyway.
    const batch = all ? due : [...this.pending.values()];
    this.write(batch);
  }

  /** Takes writes again after close() (Sales.start after a stop). */
  open(): void {
    this.closed = false;
    if (this.pending.size > 0) this.scheduleTurn();
  }

  /** Writes everything and stops the timers (Sales.stop). */
  close(): void {
    this.closed = true;
    this.lazyTimer?.abort();
    this.flush(true);
  }

  private write(batch: Pending[]): void {
    const writes: SaleWrite[] = batch.map((p) => ({
      sale: p.sale,
      created: p.created,
      steps: p.steps,
      outcomes: p.outcomes,
    }));
    try {
      this.store.saveSales(writes);
    } catch (error) {
      if (isStorageFault(error)) {
        // Kept as they are; written with the next batch once the disk takes writes again.
        this.options.onStorageFault?.(error);
        return;
      }
      this.writeOneByOne(batch, error);
      return;
    }
    for (const p of batch) this.pending.delete(p.sale.id);
  }

  /** A batch failed for a reason of its own (a bug, a broken row): save what can be saved, say what could not. */
  private writeOneByOne(batch: Pending[], cause: unknown): void {
    this.options.logger.error('saving the sale history failed; retrying sale by sale', { error: errorMessage(cause) });
    for (const p of batch) {
      try {
        this.store.saveSales([{ sale: p.sale, created: p.created, steps: p.steps, outcomes: p.outcomes }]);
      } catch (error) {
        if (isStorageFault(error)) {
          this.options.onStorageFault?.(error);
          return;
        }
        this.options.logger.error('a sale’s history could not be saved and was dropped', {
          saleId: p.sale.id,
          error: errorMessage(error),
        });
      }
      this.pending.delete(p.sale.id);
    }
  }

  private scheduleTurn(): void {
    if (this.turnScheduled || this.closed) return;
    this.turnScheduled = true;
    (this.options.defer ?? endOfTurn)(() => {
      this.turnScheduled = false;
      this.flush();
    });
  }

  private scheduleLazy(by: Seconds): void {
    if (this.closed || (this.lazyAt !== undefined && this.lazyAt <= by)) return;
    this.lazyTimer?.abort();
    const timer = new AbortController();
    this.lazyTimer = timer;
    this.lazyAt = by;
    this.options.clock.waitUntil(by, timer.signal).then(
      () => {
        this.lazyAt = undefined;
        this.flush(true);
      },
      () => {},
    );
  }
}
