import {
  createSlotQueueItem,
  itemsForRequest,
  type RequestSlots,
  type SlotQueueItem,
} from '../../src-main/engine/queue/slot-queue-item';
import { SlotQueue, type SlotQueueOptions } from '../../src-main/engine/queue/slot-queue';
import { testId } from './ids';

/** A queue item with Codex's example values (docs/reference/sales-tests.md §G.2), overridable field by field. */
export function exampleItem(overrides: Partial<SlotQueueItem> = {}): SlotQueueItem {
  return createSlotQueueItem({
    requestId: testId(1),
    slotIndex: 0n,
    slotSize: 1024n,
    duration: 3600n,
    pricePerBytePerSecond: 1n,
    collateral: 1024n,
    expiry: 1_700_000_000,
    ...overrides,
  });
}

/** Slot terms of an example request with `slots` slots. */
export function exampleRequest(n: number, overrides: Partial<RequestSlots> = {}): RequestSlots {
  return {
    requestId: testId(n),
    slots: 4n,
    slotSize: 1024n,
    duration: 3600n,
    pricePerBytePerSecond: 1n,
    collateral: 1024n,
    expiry: 1_700_000_000,
    ...overrides,
  };
}

/** Queues every slot of a request not queued yet, as the StorageRequested reaction does; returns how many. */
export function pushRequest(queue: SlotQueue, request: RequestSlots, random: () => number = Math.random): number {
  let pushed = 0;
  for (const item of itemsForRequest(request, random)) {
    if (queue.contains(item)) continue;
    queue.push(item);
    pushed++;
  }
  return pushed;
}

/** Resolvable promise for steering a worker from a test. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

/**
 * A started queue whose workers record each slot they take and then hold it until the test
 * releases it (or forever when `hold` is false: they finish at once).
 */
export function recordingQueue(options: SlotQueueOptions & { hold?: boolean } = {}) {
  const processed: SlotQueueItem[] = [];
  const releases: Array<() => void> = [];
  const queue = new SlotQueue({
    ...options,
    onProcessSlot: async (item, signal) => {
      processed.push(item);
      if (!options.hold) return;
      await new Promise<void>((resolve) => {
        releases.push(resolve);
        signal.addEventListener('abort', () => resolve());
      });
    },
  });
  queue.start();
  const releaseAll = () => releases.splice(0).forEach((release) => release());
  return { queue, processed, releaseAll };
}
