// What a sale state sees of the agent running it: the slot's data, its history, the shared context
// and the few operations states ask for. SalesAgent implements it; states depend on this view, so
// the agent can build its states (SaleErrored) without the two importing each other.
import type { Address, RequestId, SlotId, StorageRequest } from '../ports/market';
import type { Reservation } from '../ports/store';
import type { SlotQueueItem } from '../queue/slot-queue-item';
import type { SaleSlot, SalesContext } from './context';
import type { SaleRecorder } from './sale-recorder';

/** What an agent knows about its slot (Codex's SalesData). */
export interface SalesData {
  readonly requestId: RequestId;
  readonly slotIndex: bigint;
  readonly slotId: SlotId;
  request: StorageRequest | undefined;
  /** The bytes and collateral set aside for the slot; re-attached when a sale is restored. */
  reservation: Reservation | undefined;
  /** The queue item the sale came from; pushed back (seen) when the sale is ignored for lack of room. */
  slotQueueItem: SlotQueueItem | undefined;
  /** Our collateral is locked on chain for this slot (we filled it, or a restored sale holds it). */
  collateralPosted: boolean;
}

/** The agent as its sale states reach it. */
export interface Sale {
  readonly context: SalesContext;
  readonly data: SalesData;
  /** The sale's history and summary. */
  readonly record: SaleRecorder;
  /** The slot and its request, once the request is known. */
  readonly slot: SaleSlot | undefined;
  /** Gives back bytes and collateral, maybe re-queues, then removes the agent (terminal states). */
  onCleanUp(reprocessSlot: boolean, returnedCollateral?: bigint): Promise<void>;
  /** Tells Sales the slot is ours (frees the queue worker). */
  onFilled: ((request: StorageRequest, slotIndex: bigint) => void) | undefined;
  /** This host's address, asked once. */
  signer(): Promise<Address>;
  /** Fetches the request when not known yet; it stays undefined when the market does not know it. */
  retrieveRequest(): Promise<void>;
  /** Starts the expiry watcher once (idempotent). */
  subscribe(): void;
}
