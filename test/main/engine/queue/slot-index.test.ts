import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { queueEntry } from '../../../../src-main/engine/queue/queue-entry';
import { SlotIndex } from '../../../../src-main/engine/queue/slot-index';
import { exampleItem } from '../../../fakes/slot-queue';
import { testId } from '../../../fakes/ids';

const entry = (index: SlotIndex, request: number, slotIndex: bigint, seq = 0) =>
  queueEntry(exampleItem({ requestId: testId(request), slotIndex }), seq, index.request(testId(request)));

describe('slot index of queued entries', () => {
  it('finds an entry by request and slot, including the highest slot index', () => {
    const index = new SlotIndex();
    const low = entry(index, 1, 0n);
    const high = entry(index, 1, 65_534n);
    index.add(low);
    index.add(high);
    expect(index.get(testId(1), 0)).toBe(low);
    expect(index.get(testId(1), 65_534)).toBe(high);
    expect(index.get(testId(1), 1)).toBeUndefined();
    expect(index.get(testId(2), 0)).toBeUndefined();
  });

  it('lists and forgets the entries of one request without touching another', () => {
    const index = new SlotIndex();
    const entries = [
      [1, 3n],
      [1, 7n],
      [2, 3n],
    ].map(([request, slot]) => {
      const made = entry(index, request as number, slot as bigint);
      index.add(made);
      return made;
    });
    expect(index.ofRequest(testId(1))).toEqual(expect.arrayContaining([entries[0], entries[1]]));
    expect(index.ofRequest(testId(1))).toHaveLength(2);
    index.remove(entries[0]!);
    index.remove(entries[1]!);
    expect(index.ofRequest(testId(1))).toEqual([]);
    expect(index.get(testId(2), 3)).toBe(entries[2]);
  });

  it('leaves a slot alone when asked to forget an entry that no longer holds it', () => {
    const index = new SlotIndex();
    const old = entry(index, 1, 5n, 0);
    index.add(old);
    index.remove(old);
    const current = entry(index, 1, 5n, 1);
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
            const added = entry(index, request, slot, seq);
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

  it('keeps finding queued slots while emptied requests are swept away, and keeps few of them', () => {
    const index = new SlotIndex();
    const records = () => (index as unknown as { byRequest: Map<string, unknown> }).byRequest.size;
    const kept = entry(index, 0, 9n);
    index.add(kept);
    for (let request = 1; request <= 1000; request++) {
      const passing = entry(index, request, BigInt(request % 7));
      index.add(passing);
      expect(index.get(testId(request), request % 7)).toBe(passing);
      index.remove(passing);
      expect(index.get(testId(request), request % 7)).toBeUndefined();
    }
    expect(index.get(testId(0), 9)).toBe(kept);
    expect(records()).toBeLessThanOrEqual(2 * 1 + 64 + 1);
    const back = entry(index, 500, 2n);
    index.add(back);
    expect(index.get(testId(500), 2)).toBe(back);
    expect(index.ofRequest(testId(500))).toEqual([back]);
  });
});
