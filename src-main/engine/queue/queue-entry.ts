// How the slot queue stores an item: with its profit computed once, so that ordering a heap of
// 128 items costs bigint comparisons, not bigint multiplications.
import type { HeapEntry } from './double-ended-heap';
import { profitability, type SlotQueueItem } from './slot-queue-item';

/** The queued entries of one request, by slot number; got from SlotIndex.request(). */
export interface RequestEntries {
  /** How many entries are recorded; 0 for a record kept for reuse until the next sweep. */
  count: number;
  readonly slots: (QueueEntry | undefined)[];
}

/** A queued item with its precomputed sort keys and heap bookkeeping. */
export interface QueueEntry extends HeapEntry {
  readonly item: SlotQueueItem;
  /** The slot index as a number, and the record of its request, for the SlotIndex. */
  readonly index: number;
  readonly request: RequestEntries;
  readonly seen: boolean;
  // Kept as a bigint without a Number copy: on Node 24 one Number(bigint) costs about as much as
  // four bigint comparisons, and most entries take part in only a few comparisons before they
  // are turned away or settle (measured: about 5% fewer ms per push in the bench without it).
  readonly profit: bigint;
  /** Order of arrival: among equals, the earlier goes first and the later is evicted first. */
  readonly seq: number;
}

/** Wraps an item for the queue; `index` is its slot index as a number, when the caller has it already. */
export function queueEntry(
  item: SlotQueueItem,
  seq: number,
  request: RequestEntries,
  index = Number(item.slotIndex),
): QueueEntry {
  const profit = profitability(item);
  return {
    item,
    index,
    request,
    seen: item.seen,
    profit,
    seq,
    bestAt: 0,
    worstAt: 0,
  };
}

/** The queue's order (compareSlotQueueItems, then arrival): true when `a` goes before `b`. */
export function ahead(a: QueueEntry, b: QueueEntry): boolean {
  if (a.seen !== b.seen) return !a.seen;
  if (a.profit !== b.profit) return a.profit > b.profit;
  if (a.item.collateral !== b.item.collateral) return a.item.collateral < b.item.collateral;
  if (a.item.expiry !== b.item.expiry) return a.item.expiry > b.item.expiry;
  return a.seq < b.seq;
}
