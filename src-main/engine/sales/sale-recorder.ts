// One sale's story as it happens: its summary in memory (live, for the dashboard), persisted in the
// history store at every state change and whenever money or proofs move, and told to listeners as
// domain events. Download progress is only emitted: the reservation's written bytes are the record
// a restart relies on, so persisting every batch would cost a transaction for nothing.
import type { Clock } from '../ports/clock';
import type {
  NewSale,
  OutcomeKind,
  SaleHistoryStore,
  SaleOutcome,
  SaleRecord,
  SaleStateName,
  SaleStep,
} from '../ports/history';
import type { SalesEvents } from './events';

/** The facts of a sale a state may change. */
export type SaleFacts = Partial<Omit<SaleRecord, 'id' | 'slotId' | 'requestId' | 'slotIndex' | 'state' | 'proofs'>>;

/** Records one sale's states, facts and outcomes. */
export class SaleRecorder {
  private current: SaleRecord | undefined;
  private facts: NewSale;

  private constructor(
    private readonly history: SaleHistoryStore,
    private readonly events: SalesEvents,
    private readonly clock: Clock,
    facts: NewSale,
    existing: SaleRecord | undefined,
  ) {
    this.facts = facts;
    this.current = existing;
  }

  /** A recorder for a new sale; it is persisted when its first state is entered. */
  static create(history: SaleHistoryStore, events: SalesEvents, clock: Clock, facts: NewSale): SaleRecorder {
    return new SaleRecorder(history, events, clock, facts, undefined);
  }

  /** A recorder continuing a sale already in the history (restored after a restart). */
  static resume(history: SaleHistoryStore, events: SalesEvents, clock: Clock, record: SaleRecord): SaleRecorder {
    const { id: _id, ...facts } = record;
    return new SaleRecorder(history, events, clock, facts, record);
  }

  /** The sale's summary now. */
  get sale(): SaleRecord {
    return this.current ?? { id: 0, ...this.facts };
  }

  /** The sale's id; 0 until its first state is persisted. */
  get id(): number {
    return this.current?.id ?? 0;
  }

  /** The sale entered `state`: persist the step with every fact gathered since, and tell listeners. */
  entered(state: SaleStateName, note?: string, facts?: SaleFacts): void {
    const previous = this.current?.state;
    const step: SaleStep = { state, at: this.clock.now(), ...(note === undefined ? {} : { note }) };
    this.facts = { ...this.facts, ...facts, state };
    if (this.current === undefined) {
      this.current = this.history.createSale(this.facts, step);
    } else {
      this.current = { id: this.current.id, ...this.facts };
      this.history.saveSale(this.current, { step });
    }
    this.events.emit({ type: 'sale-state-changed', sale: this.current, ...(previous ? { previous } : {}) });
  }

  /** Changes facts in memory; they are persisted with the next step, or now when `persist`. */
  set(facts: SaleFacts, persist = false): void {
    this.facts = { ...this.facts, ...facts };
    if (this.current === undefined) return;
    this.current = { id: this.current.id, ...this.facts };
    if (persist) {
      this.history.saveSale(this.current);
      this.events.emit({ type: 'sale-updated', sale: this.current });
    }
  }

  /** Bytes downloaded so far: told, not persisted. */
  progress(downloadedBytes: bigint): void {
    this.facts = { ...this.facts, downloadedBytes };
    if (this.current !== undefined) this.current = { ...this.current, downloadedBytes };
    if (!this.events.listened) return;
    const { id, slotId, requestId, slotIndex, slotSize } = this.sale;
    this.events.emit({
      type: 'download-progress',
      saleId: id,
      slotId,
      requestId,
      slotIndex,
      downloadedBytes,
      slotSize,
    });
  }

  /** Adds to the proof counters and persists them. */
  proofs(delta: { required?: number; submitted?: number; missed?: number }): void {
    const p = this.facts.proofs;
    const proofs = {
      required: p.required + (delta.required ?? 0),
      submitted: p.submitted + (delta.submitted ?? 0),
      missed: p.missed + (delta.missed ?? 0),
    };
    this.facts = { ...this.facts, proofs };
    this.set({}, true);
  }

  /**
   * Records an outcome once: `key` makes its id stable (the same event after a restart is not told
   * twice). Persisted together with the sale's current facts.
   */
  outcome(kind: OutcomeKind, details: { amount?: bigint; reason?: string; key?: string } = {}): void {
    if (this.current === undefined) return;
    const { slotId, requestId, slotIndex } = this.current;
    const outcome: SaleOutcome = {
      id: `sale-${this.current.id}:${kind}${details.key === undefined ? '' : `:${details.key}`}`,
      kind,
      at: this.clock.now(),
      saleId: this.current.id,
      slotId,
      requestId,
      slotIndex,
      ...(details.amount === undefined ? {} : { amount: details.amount }),
      ...(details.reason === undefined ? {} : { reason: details.reason }),
    };
    for (const added of this.history.saveSale(this.current, { outcomes: [outcome] })) {
      this.events.emit({ type: 'outcome', outcome: added });
    }
  }
}
