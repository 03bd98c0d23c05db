// A slot waiting to be considered for sale (docs/reference/sales.md §5.1), and the order in which the queue
// hands slots out (§5.2). Items are values: nothing mutates one while it is queued.
import { InvalidArgumentError, SlotsOutOfRangeError, CodexTexts } from '../errors';
import type { Seconds } from '../ports/clock';
import type { Id } from '../ports/store';

/** The most slots a request may have, and so the highest slot index plus one. */
export const MAX_SLOTS = 65_535n;

/** One slot of a storage request, as the slot queue keeps it. */
export interface SlotQueueItem {
  readonly requestId: Id;
  readonly slotIndex: bigint;
  readonly slotSize: bigint;
  /** The request's duration in seconds. */
  readonly duration: bigint;
  readonly pricePerBytePerSecond: bigint;
  /** Collateral the host would post for this slot: full for a new request, discounted for a freed slot. */
  readonly collateral: bigint;
  /** When the request expires if not filled, in absolute Unix seconds. */
  readonly expiry: Seconds;
  /** Set when the slot found no availability; seen items wait behind unseen ones. */
  readonly seen: boolean;
}

/** What a storage request offers per slot, enough to queue all of its slots. */
export interface RequestSlots {
  readonly requestId: Id;
  readonly slots: bigint;
  readonly slotSize: bigint;
  readonly duration: bigint;
  readonly pricePerBytePerSecond: bigint;
  /** Collateral per slot. */
  readonly collateral: bigint;
  /** Absolute Unix seconds. */
  readonly expiry: Seconds;
}

/** Builds a queue item, refusing values that cannot belong to a real slot. */
export function createSlotQueueItem(fields: Omit<SlotQueueItem, 'seen'> & { seen?: boolean }): SlotQueueItem {
  const { slotIndex, expiry } = fields;
  if (slotIndex < 0n || slotIndex >= MAX_SLOTS) {
    throw new InvalidArgumentError(`slotIndex must be from 0 to ${MAX_SLOTS - 1n}, got ${slotIndex}`);
  }
  if (!Number.isSafeInteger(expiry) || expiry < 0) {
    throw new InvalidArgumentError(`expiry must be an absolute time in whole seconds, got ${expiry}`);
  }
  for (const name of ['slotSize', 'duration', 'pricePerBytePerSecond', 'collateral'] as const) {
    if (fields[name] < 0n) throw new InvalidArgumentError(`${name} must not be negative, got ${fields[name]}`);
  }
  return {
    requestId: fields.requestId,
    slotIndex,
    slotSize: fields.slotSize,
    duration: fields.duration,
    pricePerBytePerSecond: fields.pricePerBytePerSecond,
    collateral: fields.collateral,
    expiry,
    seen: fields.seen ?? false,
  };
}

/** One item per slot of the request, in random order so that hosts do not all race for slot 0. */
export function itemsForRequest(request: RequestSlots, random: () => number = Math.random): SlotQueueItem[] {
  const { slots } = request;
  if (slots > MAX_SLOTS) throw new SlotsOutOfRangeError(CodexTexts.tooManySlots);
  if (slots < 1n) throw new SlotsOutOfRangeError(`A request needs at least one slot, got ${slots}`);
  const { requestId, slotSize, duration, pricePerBytePerSecond, collateral, expiry } = request;
  const items = Array.from({ length: Number(slots) }, (_, index) =>
    createSlotQueueItem({
      requestId,
      slotIndex: BigInt(index),
      slotSize,
      duration,
      pricePerBytePerSecond,
      collateral,
      expiry,
    }),
  );
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** The host's gross reward for the whole slot: duration × pricePerBytePerSecond × slotSize. */
export function profitability(item: SlotQueueItem): bigint {
  return item.duration * item.pricePerBytePerSecond * item.slotSize;
}

/**
 * Queue order: negative when `a` goes first. Unseen before seen, then higher profitability, then
 * lower collateral, then later expiry; 0 when none of these differ.
 */
export function compareSlotQueueItems(a: SlotQueueItem, b: SlotQueueItem): number {
  if (a.seen !== b.seen) return a.seen ? 1 : -1;
  const profitA = profitability(a);
  const profitB = profitability(b);
  if (profitA !== profitB) return profitA > profitB ? -1 : 1;
  if (a.collateral !== b.collateral) return a.collateral < b.collateral ? -1 : 1;
  if (a.expiry !== b.expiry) return a.expiry > b.expiry ? -1 : 1;
  return 0;
}
