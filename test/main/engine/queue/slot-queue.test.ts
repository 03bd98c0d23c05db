import { afterEach, describe, expect, it, vi } from 'vitest';
import { SlotQueue } from '../../../../src-main/engine/queue/slot-queue';
import type { SlotQueueItem } from '../../../../src-main/engine/queue/slot-queue-item';
import {
  InvalidArgumentError,
  QueueNotRunningError,
  SlotQueueItemExistsError,
  SlotsOutOfRangeError,
} from '../../../../src-main/engine/errors';
import { exampleItem, exampleRequest, pushRequest, recordingQueue } from '../../../fakes/slot-queue';
import { testId } from '../../../fakes/ids';

const queues: SlotQueue[] = [];
function track<T extends { queue: SlotQueue }>(made: T): T {
  queues.push(made.queue);
  return made;
}
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop()));
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
const slots = (items: readonly SlotQueueItem[]) => items.map((i) => `${Number(BigInt(i.requestId))}/${i.slotIndex}`);

describe('slot queue start and stop', () => {
  it('starts out not running', () => {
    expect(new SlotQueue().running).toBe(false);
  });

  it('starts out paused', () => {
    expect(new SlotQueue().paused).toBe(true);
  });

  it('can be started several times, also when already running', () => {
    const queue = new SlotQueue();
    queues.push(queue);
    queue.start();
    queue.start();
    expect(queue.running).toBe(true);
  });

  it('can be stopped when already stopped', async () => {
    const queue = new SlotQueue();
    await queue.stop();
    expect(queue.running).toBe(false);
  });

  it('can be stopped when running', async () => {
    const queue = new SlotQueue();
    queue.start();
    await queue.stop();
    expect(queue.running).toBe(false);
  });

  it('can be stopped several times', async () => {
    const queue = new SlotQueue();
    queue.start();
    await queue.stop();
    await queue.stop();
    expect(queue.running).toBe(false);
  });

  it('cancels slots in process when stopped and waits for their workers', async () => {
    const { queue, processed } = recordingQueue({ hold: true, maxWorkers: 1 });
    queue.push(exampleItem());
    await vi.waitFor(() => expect(processed).toHaveLength(1));
    expect(queue.processing).toBe(1);
    await queue.stop();
    expect(queue.processing).toBe(0);
  });

  it('runs again when start follows stop without waiting for it', async () => {
    const { queue, processed } = track(recordingQueue({ hold: false }));
    const stopped = queue.stop();
    queue.start();
    await stopped;
    queue.push(exampleItem());
    await vi.waitFor(() => expect(processed).toHaveLength(1));
  });
});

describe('slot queue workers', () => {
  it('refuses zero workers', () => {
    expect(() => new SlotQueue({ maxSize: 1, maxWorkers: 0 })).toThrow(InvalidArgumentError);
    expect(() => new SlotQueue({ maxSize: 1, maxWorkers: 0 })).toThrow('maxWorkers must be positive');
  });

  it('refuses more workers than slots it may hold', () => {
    expect(() => new SlotQueue({ maxSize: 1, maxWorkers: 2 })).toThrow('maxWorkers must be less than maxSize');
  });

  it('refuses a size outside 1..65535', () => {
    expect(() => new SlotQueue({ maxSize: 0, maxWorkers: 1 })).toThrow(InvalidArgumentError);
    expect(() => new SlotQueue({ maxSize: 65_536 })).toThrow(InvalidArgumentError);
  });

  it('keeps working after processing a slot fails', async () => {
    const errors: unknown[] = [];
    const processed: bigint[] = [];
    const queue = new SlotQueue({
      maxWorkers: 1,
      logger: { debug() {}, info() {}, warn() {}, error: (_m, c) => errors.push(c?.error) },
      onProcessSlot: async (item) => {
        processed.push(item.slotIndex);
        if (item.slotIndex === 0n) throw new Error('download failed');
      },
    });
    queues.push(queue);
    queue.start();
    queue.push(exampleItem({ slotIndex: 0n, pricePerBytePerSecond: 2n }));
    queue.push(exampleItem({ slotIndex: 1n }));
    await vi.waitFor(() => expect(processed).toEqual([0n, 1n]));
    expect(errors).toEqual([new Error('download failed')]);
  });

  it('processes at most maxWorkers slots at once', async () => {
    const { queue, processed, releaseAll } = track(recordingQueue({ hold: true, maxWorkers: 3, maxSize: 10 }));
    for (let i = 0n; i < 6n; i++) queue.push(exampleItem({ slotIndex: i }));
    await vi.waitFor(() => expect(processed).toHaveLength(3));
    await settle();
    expect(processed).toHaveLength(3);
    expect(queue.processing).toBe(3);
    expect(queue.length).toBe(3);
    releaseAll();
    await vi.waitFor(() => expect(processed).toHaveLength(6));
  });
});

describe('slot queue', () => {
  it('starts out empty', () => {
    const queue = new SlotQueue();
    expect(queue.length).toBe(0);
    expect(queue.toString()).toBe('[]');
  });

  it('reports its size', () => {
    expect(new SlotQueue({ maxSize: 2, maxWorkers: 1 }).size).toBe(2);
  });

  it('processes items', async () => {
    const { queue, processed } = track(recordingQueue({ maxSize: 2, maxWorkers: 2 }));
    const item0 = exampleItem({ slotIndex: 0n, pricePerBytePerSecond: 2n });
    const item1 = exampleItem({ slotIndex: 1n, pricePerBytePerSecond: 1n });
    queue.push(item0);
    queue.push(item1);
    await vi.waitFor(() => expect(processed).toEqual([item0, item1]));
  });

  it('accepts pushes past the number of workers and the size without failing', () => {
    const { queue } = track(recordingQueue({ hold: true, maxSize: 2, maxWorkers: 2 }));
    for (let i = 0n; i < 5n; i++) expect(() => queue.push(exampleItem({ slotIndex: i }))).not.toThrow();
  });

  it('refuses to queue a slot that is already queued', () => {
    const { queue } = track(recordingQueue({ hold: true, maxWorkers: 1 }));
    queue.push(exampleItem({ slotIndex: 0n }));
    queue.push(exampleItem({ slotIndex: 1n }));
    queue.push(exampleItem({ slotIndex: 2n }));
    expect(() => queue.push(exampleItem({ slotIndex: 2n }))).toThrow(SlotQueueItemExistsError);
  });

  it('accepts a slot again while an equal one is being processed', async () => {
    const { queue, processed } = track(recordingQueue({ hold: true, maxWorkers: 1 }));
    queue.push(exampleItem());
    await vi.waitFor(() => expect(processed).toHaveLength(1));
    expect(() => queue.push(exampleItem())).not.toThrow();
  });

  it('refuses pushes while not running', () => {
    expect(() => new SlotQueue().push(exampleItem())).toThrow(QueueNotRunningError);
  });

  it('processes as many slots as it holds', async () => {
    const { queue, processed } = track(recordingQueue({ maxSize: 4, maxWorkers: 1 }));
    for (let i = 0n; i < 4n; i++) queue.push(exampleItem({ slotIndex: i }));
    await vi.waitFor(() => expect(processed).toHaveLength(4));
  });

  it('deletes an item', () => {
    const { queue } = track(recordingQueue({ hold: true, maxWorkers: 1 }));
    for (let i = 0n; i < 4n; i++) queue.push(exampleItem({ slotIndex: i }));
    queue.deleteSlot(testId(1), 3n);
    expect(queue.contains(exampleItem({ slotIndex: 3n }))).toBe(false);
  });

  it('never processes a slot deleted by request id and slot index', async () => {
    const { queue, processed, releaseAll } = track(recordingQueue({ hold: true, maxSize: 8, maxWorkers: 1 }));
    pushRequest(queue, exampleRequest(1));
    pushRequest(queue, exampleRequest(2));
    await vi.waitFor(() => expect(processed).toHaveLength(1));
    const victim = queue.items().find((i) => i.requestId === testId(1))!;
    queue.deleteSlot(victim.requestId, victim.slotIndex);
    for (let i = 0; i < 8; i++) {
      releaseAll();
      await settle();
    }
    expect(processed).toHaveLength(7);
    expect(slots(processed)).not.toContain(slots([victim])[0]);
  });

  it('never processes any slot of a request deleted by request id', async () => {
    const { queue, processed, releaseAll } = track(recordingQueue({ hold: true, maxSize: 8, maxWorkers: 1 }));
    pushRequest(queue, exampleRequest(1, { pricePerBytePerSecond: 1n }));
    pushRequest(queue, exampleRequest(2, { pricePerBytePerSecond: 2n }));
    await vi.waitFor(() => expect(processed).toHaveLength(1));
    queue.deleteRequest(testId(1));
    for (let i = 0; i < 8; i++) {
      releaseAll();
      await settle();
    }
    expect(processed.map((i) => i.requestId)).toEqual(Array(4).fill(testId(2)));
  });

  it('tells whether it contains an item', () => {
    const { queue } = track(recordingQueue({ hold: true, maxSize: 6, maxWorkers: 1 }));
    const items = [1, 2, 3, 4, 5, 6].map((n) => exampleItem({ requestId: testId(n), collateral: BigInt(n) }));
    expect(queue.contains(items[5]!)).toBe(false);
    queue.pause();
    for (const item of items) queue.push(item);
    expect(items.every((item) => queue.contains(item))).toBe(true);
  });

  it('calls the callback once an item is added', async () => {
    const { queue, processed } = track(recordingQueue());
    await settle();
    expect(processed).toHaveLength(0);
    queue.push(exampleItem());
    await vi.waitFor(() => expect(processed).toHaveLength(1));
  });

  it('processes an item only once', async () => {
    const { queue, processed } = track(recordingQueue());
    const item = exampleItem();
    queue.push(item);
    await vi.waitFor(() => expect(processed).toHaveLength(1));
    await settle();
    expect(processed).toEqual([item]);
  });

  it('processes items in order of addition when they arrive one at a time', async () => {
    const { queue, processed } = track(recordingQueue({ maxSize: 4, maxWorkers: 2 }));
    const items = [1n, 2n, 3n, 4n].map((price, i) =>
      exampleItem({ slotIndex: BigInt(i), pricePerBytePerSecond: price }),
    );
    for (const item of items) {
      queue.push(item);
      await settle();
    }
    expect(processed).toEqual(items);
  });

  it('processes items pushed together highest priority first', async () => {
    const { queue, processed } = track(recordingQueue({ maxSize: 4, maxWorkers: 1 }));
    const items = [1n, 2n, 3n, 4n].map((price, i) =>
      exampleItem({ slotIndex: BigInt(i), pricePerBytePerSecond: price }),
    );
    for (const item of items) queue.push(item);
    await vi.waitFor(() => expect(processed).toHaveLength(4));
    expect(processed).toEqual([...items].reverse());
  });

  it('is unpaused by pushing items', async () => {
    const { queue, processed } = track(recordingQueue({ maxSize: 8 }));
    queue.pause();
    pushRequest(queue, exampleRequest(1));
    expect(queue.paused).toBe(false);
    await vi.waitFor(() => expect(queue.length).toBe(0));
    expect(processed).toHaveLength(4);
  });

  it('stays paused when a seen item is pushed', () => {
    const { queue } = track(recordingQueue());
    queue.pause();
    queue.push(exampleItem({ seen: true }));
    expect(queue.paused).toBe(true);
  });

  it('waits while paused and continues once an unseen item unpauses it', async () => {
    const { queue, processed } = track(recordingQueue());
    queue.pause();
    queue.push(exampleItem({ slotIndex: 0n, seen: true }));
    await settle();
    expect(processed).toHaveLength(0);
    queue.push(exampleItem({ slotIndex: 1n }));
    await vi.waitFor(() => expect(processed.map((i) => i.slotIndex)).toEqual([1n]));
    // The seen item comes up next, pauses the queue and waits again.
    await vi.waitFor(() => expect(queue.paused).toBe(true));
    expect(queue.items().map((i) => i.slotIndex)).toEqual([0n]);
  });

  it('pauses when a worker takes a seen item, and keeps that item', async () => {
    const { queue, processed } = track(recordingQueue());
    queue.push(exampleItem({ slotIndex: 0n }));
    await vi.waitFor(() => expect(queue.length).toBe(0));
    queue.unpause();
    queue.push(exampleItem({ slotIndex: 1n, seen: true }));
    await vi.waitFor(() => expect(queue.paused).toBe(true));
    expect(queue.contains(exampleItem({ slotIndex: 1n }))).toBe(true);
    expect(processed).toHaveLength(1);
  });

  it('clears the seen flags of its items', () => {
    const { queue } = track(recordingQueue({ maxWorkers: 1 }));
    queue.push(exampleItem({ slotIndex: 0n, seen: true }));
    queue.push(exampleItem({ slotIndex: 1n, seen: true }));
    expect(queue.items().every((i) => i.seen)).toBe(true);
    queue.clearSeenFlags();
    expect(queue.items().map((i) => i.seen)).toEqual([false, false]);
    expect(queue.paused).toBe(true);
  });

  it('retries every seen item when an availability gains room', async () => {
    const { queue, processed } = track(recordingQueue({ maxWorkers: 1 }));
    queue.push(exampleItem({ slotIndex: 0n, seen: true }));
    queue.push(exampleItem({ slotIndex: 1n, seen: true }));
    queue.retrySeenItems();
    expect(queue.paused).toBe(false);
    await vi.waitFor(() => expect(processed).toHaveLength(2));
  });
});

describe('slot queue when full', () => {
  it('drops its lowest-priority item, not the last one in its storage', () => {
    const { queue } = track(recordingQueue({ maxSize: 3, maxWorkers: 1 }));
    queue.pause();
    const low = exampleItem({ slotIndex: 0n, pricePerBytePerSecond: 1n });
    queue.push(low);
    queue.push(exampleItem({ slotIndex: 1n, pricePerBytePerSecond: 5n }));
    queue.push(exampleItem({ slotIndex: 2n, pricePerBytePerSecond: 3n }));
    queue.pause();
    const evicted = queue.push(exampleItem({ slotIndex: 3n, pricePerBytePerSecond: 4n }));
    expect(evicted).toEqual(low);
    expect(queue.items().map((i) => i.pricePerBytePerSecond)).toEqual([5n, 4n, 3n]);
  });

  it('drops the pushed item itself when it has the lowest priority', () => {
    const { queue } = track(recordingQueue({ maxSize: 2, maxWorkers: 1 }));
    queue.pause();
    queue.push(exampleItem({ slotIndex: 0n, seen: true }));
    queue.push(exampleItem({ slotIndex: 1n, seen: true }));
    const newcomer = exampleItem({ slotIndex: 2n, seen: true, pricePerBytePerSecond: 0n });
    expect(queue.push(newcomer)).toEqual(newcomer);
    expect(queue.contains(newcomer)).toBe(false);
    expect(queue.length).toBe(2);
  });

  it('keeps the best maxSize items of many pushes', () => {
    const { queue } = track(recordingQueue({ maxSize: 16, maxWorkers: 1 }));
    const prices = Array.from({ length: 200 }, (_, i) => BigInt((i * 7919) % 1000));
    queue.pause();
    prices.forEach((price, i) => {
      queue.push(exampleItem({ slotIndex: BigInt(i), pricePerBytePerSecond: price, seen: true }));
    });
    const best = [...prices].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)).slice(0, 16);
    expect(queue.items().map((i) => i.pricePerBytePerSecond)).toEqual(best);
  });
});

describe('slot queue requests', () => {
  it('queues every slot of a new request in the order of the injected randomness', () => {
    const { queue } = track(recordingQueue({ hold: true, maxWorkers: 1 }));
    queue.pause();
    expect(pushRequest(queue, exampleRequest(1, { slots: 5n }), () => 0)).toBe(5);
    expect(
      queue
        .items()
        .map((i) => i.slotIndex)
        .sort(),
    ).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('skips slots of a request that are already queued', () => {
    const { queue } = track(recordingQueue({ hold: true, maxWorkers: 1 }));
    queue.pause();
    queue.push(exampleItem({ slotIndex: 2n }));
    expect(pushRequest(queue, exampleRequest(1, { slots: 4n }))).toBe(3);
    expect(queue.length).toBe(4);
  });

  it('refuses a request with more than 65535 slots and queues none of it', () => {
    const { queue } = track(recordingQueue({ hold: true, maxWorkers: 1 }));
    expect(() => pushRequest(queue, exampleRequest(1, { slots: 65_536n }))).toThrow(SlotsOutOfRangeError);
    expect(queue.length).toBe(0);
  });

  it('tells a listener when what it shows changes', async () => {
    let changes = 0;
    const queue = new SlotQueue({ onChange: () => changes++, onProcessSlot: async () => {} });
    queues.push(queue);
    queue.start();
    queue.push(exampleItem());
    await vi.waitFor(() => expect(queue.length).toBe(0));
    expect(changes).toBeGreaterThanOrEqual(2);
  });
});
