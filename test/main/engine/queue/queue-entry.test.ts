import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ahead, queueEntry, SlotIndex } from '../../../../src-main/engine/queue/queue-entry';
import { compareSlotQueueItems } from '../../../../src-main/engine/queue/slot-queue-item';
import { exampleItem } from '../../../fakes/slot-queue';
import { testId } from '../../../fakes/ids';

const entry = (request: number, slotIndex: bigint, seq = 0) =>
  queueEntry(exampleItem({ requestId: testId(request), slotIndex }), seq);

describe('slot index of queued entries', () => {
  it('finds an entry by request and slot, including the highest slot index', () => {
    const index = new SlotIndex();
    const low = entry(1, 0n);
    const high = entry(1, 65_534n);
    index.add(low);
    index.add(high);
    expect(index.get(testId(1), 0)).toBe(low);
    expect(index.get(testId(1), 65_534)).toBe(high);
    expect(index.get(testId(1), 1)).toBeUndefined();
    expect(index.get(testId(2), 0)).toBeUndefined();
  });

  it('lists and forgets the entries of one request without touching another', () => {
    const index = new SlotIndex();
    const entries = [entry(1, 3n), entry(1, 7n), entry(2, 3n)];
    for (const e of entries) index.add(e);
    expect(index.ofRequest(testId(1))).toEqual(expect.arrayContaining([entries[0], entries[1]]));
    expect(index.ofRequest(testId(1))).toHaveLength(2);
    index.remove(entries[0]!);
    index.remove(entries[1]!);
    expect(index.ofRequest(testId(1))).toEqual([]);
    expect(index.get(testId(2), 3)).toBe(entries[2]);
  });

  it('leaves a slot alone when asked to forget an entry that no longer holds it', () => {
    const index = new SlotIndex();
    const old = entry(1, 5n, 0);
    const current = entry(1, 5n, 1);
    index.add(old);
    index.remove(old);
    index.add(current);
    index.remove(old);
    expect(index.get(testId(1), 5)).toBe(current);
  });

  it('matches a Map of every queued slot over any sequence of adds and removes', () => {
    const step = fc.record({ request: fc.integer({ min: 1, max: 3 }), slot: fc.constantFrom(0n, 1n, 2n, 40_000n) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 100 }), (steps) => {
        const index = new SlotIndex();
        const model = new Map<string, ReturnType<typeof entry>>();
        steps.forEach(({ request, slot }, seq) => {
          const key = `${request}/${slot}`;
          const queued = model.get(key);
          if (queued === undefined) {
            const added = entry(request, slot, seq);
            index.add(added);
            model.set(key, added);
          } else {
            index.remove(queued);
            model.delete(key);
          }
        });
        for (const request of [1, 2, 3]) {
          for (const slot of [0n, 1n, 2n, 40_000n]) {
            expect(index.get(testId(request), Number(slot))).toBe(model.get(`${request}/${slot}`));
          }
          expect(index.ofRequest(testId(request))).toHaveLength(
            [...model.keys()].filter((key) => key.startsWith(`${request}/`)).length,
          );
        }
      }),
    );
  });
});

describe('queue entry order', () => {
  const amount = fc.oneof(fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: 0n, max: 2n ** 70n }));
  const item = fc
    .record({
      slotSize: amount,
      duration: amount,
      pricePerBytePerSecond: amount,
      collateral: amount,
      expiry: fc.integer({ min: 0, max: 3 }),
      seen: fc.boolean(),
    })
    .map((fields) => exampleItem(fields));

  it('agrees with compareSlotQueueItems, breaking ties by arrival', () => {
    fc.assert(
      fc.property(item, item, (a, b) => {
        const [first, second] = [queueEntry(a, 0), queueEntry(b, 1)];
        const order = compareSlotQueueItems(a, b);
        expect(ahead(first, second)).toBe(order <= 0);
        expect(ahead(second, first)).toBe(order > 0);
      }),
      { numRuns: 1000 },
    );
  });
});
