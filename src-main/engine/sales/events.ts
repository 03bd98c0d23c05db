// The sales engine's domain events: what the dashboard and the notifications learn, as it happens.
// Plain TypeScript (no node:events), so the engine stays portable; listeners that throw are logged
// and never disturb the sale that emitted.
import type { SaleOutcome, SaleRecord } from '../ports/history';
import type { Logger } from '../ports/logger';
import type { ProofReadiness } from '../ports/proof-system';
import type { Availability, Id, Reservation } from '../ports/store';
import type { SlotQueueItem } from '../queue/slot-queue-item';

/** The slot queue as the dashboard shows it. */
export interface QueueSnapshot {
  /** Workers hold back: every waiting slot found no room, or selling is paused. */
  readonly paused: boolean;
  /** The operator paused selling: no new slots are taken, running sales continue. */
  readonly sellingPaused: boolean;
  /** Why the engine holds the queue itself (proofs cannot be made now); absent when it does not. */
  readonly heldReason?: string;
  readonly workers: number;
  /** Slots workers are processing now (SalePreparing … SaleFilling). */
  readonly processing: number;
  /** Waiting slots, highest priority first. */
  readonly items: readonly SlotQueueItem[];
}

/** Everything the engine tells its listeners, by `type`. */
export type SalesEvent =
  /** A sale entered a state; `sale` is its summary after the move. */
  | { readonly type: 'sale-state-changed'; readonly sale: SaleRecord; readonly previous?: SaleRecord['state'] }
  /** A sale's facts changed without a state change (proof counts, amounts). */
  | { readonly type: 'sale-updated'; readonly sale: SaleRecord }
  | {
      readonly type: 'download-progress';
      readonly saleId: number;
      readonly slotId: Id;
      readonly requestId: Id;
      readonly slotIndex: bigint;
      readonly downloadedBytes: bigint;
      readonly slotSize: bigint;
    }
  | { readonly type: 'availability-changed'; readonly availability: Availability }
  | { readonly type: 'availability-removed'; readonly availabilityId: Id }
  | { readonly type: 'reservation-changed'; readonly reservation: Reservation }
  | { readonly type: 'reservation-removed'; readonly reservationId: Id; readonly availabilityId: Id }
  /** The queue changed; `queue` is built on first read (it sorts every waiting slot). */
  | { readonly type: 'queue-changed'; readonly queue: QueueSnapshot }
  | { readonly type: 'outcome'; readonly outcome: SaleOutcome }
  /** Whether the proof system can prove changed (or its download progressed); selling is held while not ready. */
  | { readonly type: 'proofs-readiness-changed'; readonly readiness: ProofReadiness };

/** Receives engine events. */
export type SalesListener = (event: SalesEvent) => void;

/** A minimal typed event emitter. */
export class SalesEvents {
  private readonly listeners = new Set<SalesListener>();

  constructor(private readonly logger: Logger) {}

  /** Whether anyone listens (lets emitters skip building payloads nobody reads). */
  get listened(): boolean {
    return this.listeners.size > 0;
  }

  /** Subscribes; returns the unsubscribe function. */
  on(listener: SalesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers an event to every listener, synchronously. */
  emit(event: SalesEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error('sales event listener failed', { event: event.type, error });
      }
    }
  }
}
