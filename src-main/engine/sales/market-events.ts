// How Sales reacts to the market's events (docs/reference/sales.md §2.5): new requests and freed slots go
// into the slot queue; ended requests and taken slots leave it; agents hear about fulfilment,
// failure and fills of their own slot. Slot counts and indices are range-checked as bigints before
// anything narrows them (Codex truncated to 16 bits first).
import type { Logger } from '../ports/logger';
import type { Market, MarketEvents, RequestId, Subscription } from '../ports/market';
import { itemsForRequest, MAX_SLOTS, createSlotQueueItem, type SlotQueueItem } from '../queue/slot-queue-item';
import type { SlotQueue } from '../queue/slot-queue';
import type { SalesAgent } from './agent';
import { repairCollateral } from './chain-math';
import { errorMessage } from './errors';
import type { TrackedTasks } from './tracked-tasks';

/** What the handlers need from Sales. */
export interface MarketEventTarget {
  readonly market: Market;
  readonly queue: SlotQueue;
  readonly logger: Logger;
  /** Background work Sales cancels on stop (the SlotFreed look-ups). */
  readonly tasks: TrackedTasks;
  readonly random: () => number;
  agents(): readonly SalesAgent[];
  /** Queues a slot, respecting a paused seller. */
  push(item: SlotQueueItem): void;
}

/** Subscribes to the seven events Sales follows, in Codex's order; a failed subscription is logged. */
export function subscribeToMarket(target: MarketEventTarget): Subscription[] {
  const { market, queue, logger } = target;
  const subscriptions: Subscription[] = [];
  const on = <E extends keyof MarketEvents>(event: E, handler: (payload: MarketEvents[E]) => void): void => {
    try {
      subscriptions.push(market.subscribe(event, handler));
    } catch (error) {
      logger.error(`could not subscribe to ${event}`, { error: errorMessage(error) });
    }
  };
  const slotInRange = (requestId: RequestId, slotIndex: bigint): boolean => {
    if (slotIndex >= 0n && slotIndex < MAX_SLOTS) return true;
    logger.error('slot index out of range; event ignored', { requestId, slotIndex });
    return false;
  };

  on('StorageRequested', (payload) => queueRequest(target, payload));
  on('RequestFulfilled', ({ requestId }) => {
    queue.deleteRequest(requestId);
    for (const agent of target.agents()) agent.onFulfilled(requestId);
  });
  on('RequestFailed', ({ requestId }) => {
    queue.deleteRequest(requestId);
    for (const agent of target.agents()) agent.onFailed(requestId);
  });
  on('SlotFilled', ({ requestId, slotIndex }) => {
    if (!slotInRange(requestId, slotIndex)) return;
    queue.deleteSlot(requestId, slotIndex);
    for (const agent of target.agents()) agent.onSlotFilled(requestId, slotIndex);
  });
  on('SlotFreed', ({ requestId, slotIndex }) => {
    if (!slotInRange(requestId, slotIndex)) return;
    target.tasks.run(
      () => requeueFreedSlot(target, requestId, slotIndex),
      (error) => logger.error('could not queue a freed slot', { requestId, slotIndex, error: errorMessage(error) }),
    );
  });
  on('RequestCancelled', ({ requestId }) => queue.deleteRequest(requestId));
  on('SlotReservationsFull', ({ requestId, slotIndex }) => {
    if (slotInRange(requestId, slotIndex)) queue.deleteSlot(requestId, slotIndex);
  });
  return subscriptions;
}

/** A freed slot goes back into the queue with the repair-discounted collateral and the request's absolute expiry. */
async function requeueFreedSlot(target: MarketEventTarget, requestId: RequestId, slotIndex: bigint): Promise<void> {
  const { market, logger } = target;
  const request = await market.getRequest(requestId);
  if (request === undefined) {
    logger.warn('freed slot of an unknown request; not queued', { requestId, slotIndex });
    return;
  }
  const percentage = await market.repairRewardPercentage();
  // Codex queued the relative expiry here; the queue compares absolute times (docs/architecture.md).
  const expiry = await market.requestExpiresAt(requestId);
  target.push(
    createSlotQueueItem({
      requestId,
      slotIndex,
      slotSize: request.ask.slotSize,
      duration: request.ask.duration,
      pricePerBytePerSecond: request.ask.pricePerBytePerSecond,
      collateral: repairCollateral(request, percentage),
      expiry,
    }),
  );
}

/** Pushes every slot of a new request into the queue (the StorageRequested reaction). */
function queueRequest(
  target: MarketEventTarget,
  { requestId, ask, expiry }: MarketEvents['StorageRequested'],
  skip: ReadonlySet<bigint> = new Set(),
): void {
  if (ask.slots < 1n || ask.slots > MAX_SLOTS) {
    target.logger.warn('Too many slots; request not queued', { requestId, slots: ask.slots });
    return;
  }
  const items = itemsForRequest(
    {
      requestId,
      slots: ask.slots,
      slotSize: ask.slotSize,
      duration: ask.duration,
      pricePerBytePerSecond: ask.pricePerBytePerSecond,
      collateral: ask.collateralPerByte * ask.slotSize,
      expiry,
    },
    target.random,
  );
  for (const item of items) if (!skip.has(item.slotIndex) && !target.queue.contains(item)) target.push(item);
}

/**
 * Queues again the requests posted in the last `lookback` chain seconds that still wait for hosts:
 * the queue lives in memory, so a restart would otherwise forget them. Requests that started,
 * ended or expired are skipped; SalePreparing re-checks each slot anyway.
 */
export async function requeueOpenRequests(target: MarketEventTarget, now: number, lookback: number): Promise<number> {
  if (lookback <= 0) return 0;
  let queued = 0;
  for (const event of await target.market.queryPastStorageRequestedEvents({ fromTime: now - lookback })) {
    if (event.expiry <= now) continue;
    if ((await target.market.requestState(event.requestId)) !== 'New') continue;
    const before = target.queue.length;
    const held = new Set(
      target
        .agents()
        .filter((agent) => agent.data.requestId === event.requestId)
        .map((agent) => agent.data.slotIndex),
    );
    queueRequest(target, event, held);
    queued += Math.max(0, target.queue.length - before);
  }
  return queued;
}
