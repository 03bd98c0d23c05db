import { describe, expect, it } from 'vitest';
import {
  compareSlotQueueItems,
  createSlotQueueItem,
  itemsForRequest,
  profitability,
} from '../../../../src-main/engine/queue/slot-queue-item';
import { InvalidArgumentError, SlotsOutOfRangeError } from '../../../../src-main/engine/errors';
import { exampleItem, exampleRequest } from '../../../fakes/slot-queue';

// "a < b" in Codex's tests means "a goes first".
const goesFirst = (a: ReturnType<typeof exampleItem>, b: ReturnType<typeof exampleItem>) =>
  compareSlotQueueItems(a, b) < 0 && compareSlotQueueItems(b, a) > 0;

describe('slot queue item priority', () => {
  it('puts the more profitable slot first even when its collateral and expiry are worse', () => {
    const a = exampleItem({ duration: 1n, pricePerBytePerSecond: 1n, collateral: 100_000n, expiry: 1001 });
    const b = exampleItem({ duration: 100n, pricePerBytePerSecond: 1000n, collateral: 1n, expiry: 1000 });
    expect(goesFirst(b, a)).toBe(true);
  });

  it('puts an unseen slot before a seen one, however profitable the seen one is', () => {
    const a = exampleItem({ pricePerBytePerSecond: 1000n, seen: true });
    const b = exampleItem({ pricePerBytePerSecond: 1n, seen: false });
    expect(goesFirst(b, a)).toBe(true);
  });

  it('lets profitability outweigh collateral', () => {
    const a = exampleItem({ pricePerBytePerSecond: 1n, collateral: 1n });
    const b = exampleItem({ pricePerBytePerSecond: 2n, collateral: 2n });
    expect(goesFirst(b, a)).toBe(true);
  });

  it('lets collateral outweigh expiry', () => {
    const a = exampleItem({ collateral: 2n, expiry: 2000 });
    const b = exampleItem({ collateral: 1n, expiry: 1000 });
    expect(goesFirst(b, a)).toBe(true);
  });

  it('puts the later-expiring slot first when the rest is equal', () => {
    const a = exampleItem({ expiry: 3 });
    const b = exampleItem({ expiry: 7 });
    expect(goesFirst(b, a)).toBe(true);
  });

  it('prefers a later expiry and larger slot, which is also more profitable', () => {
    const a = exampleItem({ expiry: 3, slotSize: 1n });
    const b = exampleItem({ expiry: 7, slotSize: 2n });
    expect(goesFirst(b, a)).toBe(true);
  });

  it('puts a bigger slot first because it earns more', () => {
    const a = exampleItem({ slotSize: 2n });
    const b = exampleItem({ slotSize: 1n });
    expect(goesFirst(a, b)).toBe(true);
  });

  it('sorts by price per byte per second, higher first', () => {
    const item0 = exampleItem({ pricePerBytePerSecond: 1n });
    const item1 = exampleItem({ pricePerBytePerSecond: 2n });
    expect(goesFirst(item1, item0)).toBe(true);
  });

  it('sorts by collateral, higher collateral later', () => {
    const item0 = exampleItem({ collateral: 1n });
    const item1 = exampleItem({ collateral: 2n });
    expect(goesFirst(item0, item1)).toBe(true);
  });

  it('compares equal items as equal', () => {
    expect(compareSlotQueueItems(exampleItem(), exampleItem({ slotIndex: 3n }))).toBe(0);
  });

  it('computes profitability as duration × price per byte per second × slot size', () => {
    const item = exampleItem({ duration: 10n, pricePerBytePerSecond: 3n, slotSize: 7n });
    expect(profitability(item)).toBe(210n);
  });

  it('compares amounts beyond 2^64 exactly', () => {
    const big = 2n ** 200n;
    const a = exampleItem({ pricePerBytePerSecond: big });
    const b = exampleItem({ pricePerBytePerSecond: big + 1n });
    expect(goesFirst(b, a)).toBe(true);
  });
});

describe('slot queue items of a request', () => {
  it('expands every slot index of a request exactly once', () => {
    const items = itemsForRequest(exampleRequest(1, { slots: 6n }));
    expect(items.map((i) => i.slotIndex).sort()).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    expect(items.every((i) => !i.seen)).toBe(true);
  });

  it('orders the slots with the injected source of randomness', () => {
    const order = (random: () => number) =>
      itemsForRequest(exampleRequest(1, { slots: 8n }), random).map((i) => Number(i.slotIndex));
    expect(order(() => 0.999)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(order(() => 0)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(order(() => 0).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('supports 65535 slots', () => {
    expect(itemsForRequest(exampleRequest(1, { slots: 65_535n }))).toHaveLength(65_535);
  });

  it('refuses more than 65535 slots, including counts that wrap around 16 bits', () => {
    expect(() => itemsForRequest(exampleRequest(1, { slots: 65_536n }))).toThrow(SlotsOutOfRangeError);
    expect(() => itemsForRequest(exampleRequest(1, { slots: 65_537n }))).toThrow('Too many slots');
  });

  it('refuses a request without slots', () => {
    expect(() => itemsForRequest(exampleRequest(1, { slots: 0n }))).toThrow(SlotsOutOfRangeError);
  });

  it('refuses an item that cannot be a real slot', () => {
    const base = exampleItem();
    expect(() => createSlotQueueItem({ ...base, slotIndex: 65_535n })).toThrow(InvalidArgumentError);
    expect(() => createSlotQueueItem({ ...base, collateral: -1n })).toThrow('collateral must not be negative');
    expect(() => createSlotQueueItem({ ...base, expiry: 1.5 })).toThrow(InvalidArgumentError);
  });
});
