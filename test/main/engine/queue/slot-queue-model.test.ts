// The slot queue against the plainest model of it (an array re-sorted after every change), over
// random sequences of everything that changes it. Many requests with few slots each, and rare
// clearings of the seen flags (which rebuild the index), make the slot index create, empty,
// reuse and sweep its per-request records, as the bench does.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SlotQueue } from '../../../../src-main/engine/queue/slot-queue';
import { compareSlotQueueItems, type SlotQueueItem } from '../../../../src-main/engine/queue/slot-queue-item';
import { SlotQueueItemExistsError } from '../../../../src-main/engine/errors';
import { exampleItem } from '../../../fakes/slot-queue';
import { testId } from '../../../fakes/ids';

type Op =
  | { kind: 'push'; request: number; slot: number; price: number; seen: boolean }
  | { kind: 'pop' }
  | { kind: 'deleteSlot'; request: number; slot: number }
  | { kind: 'deleteRequest'; request: number }
  | { kind: 'clearSeen' };

const request = fc.integer({ min: 0, max: 300 });
const slot = fc.integer({ min: 0, max: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 60,
    arbitrary: fc
      .record({ request, slot, price: fc.integer({ min: 0, max: 3 }), seen: fc.boolean() })
      .map((push) => ({ kind: 'push', ...push }) as Op),
  },
  { weight: 20, arbitrary: fc.constant({ kind: 'pop' } as Op) },
  { weight: 4, arbitrary: fc.record({ request, slot }).map((del) => ({ kind: 'deleteSlot', ...del }) as Op) },
  { weight: 4, arbitrary: request.map((id) => ({ kind: 'deleteRequest', request: id }) as Op) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clearSeen' } as Op) },
);

interface Modelled {
  item: SlotQueueItem;
  seq: number;
}
const key = (item: SlotQueueItem) => `${item.requestId}/${item.slotIndex}`;

describe('slot queue against a re-sorted array', () => {
  it('holds, hands out and evicts exactly the slots the model does', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 300, maxLength: 800 }), fc.integer({ min: 1, max: 6 }), (ops, size) => {
        const queue = new SlotQueue({ maxSize: size, maxWorkers: 1 });
        queue.start();
        let model: Modelled[] = [];
        let seq = 0;
        const sort = () => model.sort((a, b) => compareSlotQueueItems(a.item, b.item) || a.seq - b.seq);
        for (const step of ops) {
          if (step.kind === 'push') {
            const item = exampleItem({
              requestId: testId(step.request),
              slotIndex: BigInt(step.slot),
              pricePerBytePerSecond: BigInt(step.price),
              seen: step.seen,
            });
            if (model.some((m) => key(m.item) === key(item))) {
              expect(() => queue.push(item)).toThrow(SlotQueueItemExistsError);
              continue;
            }
            model.push({ item, seq: seq++ });
            sort();
            const evicted = model.length > size ? model.pop()!.item : undefined;
            expect(queue.push(item)).toEqual(evicted);
          } else if (step.kind === 'pop') {
            expect(queue.pop()).toEqual(model.shift()?.item);
          } else if (step.kind === 'deleteSlot') {
            queue.deleteSlot(testId(step.request), BigInt(step.slot));
            model = model.filter((m) => key(m.item) !== `${testId(step.request)}/${step.slot}`);
          } else if (step.kind === 'deleteRequest') {
            queue.deleteRequest(testId(step.request));
            model = model.filter((m) => m.item.requestId !== testId(step.request));
          } else {
            queue.clearSeenFlags();
            model = model.map((m) => ({ item: { ...m.item, seen: false }, seq: m.seq }));
            sort();
          }
          expect(queue.length).toBe(model.length);
        }
        expect(queue.items()).toEqual(model.map((m) => m.item));
        for (const m of model) expect(queue.contains(m.item)).toBe(true);
        void queue.stop();
      }),
      { numRuns: 60 },
    );
  });
});
