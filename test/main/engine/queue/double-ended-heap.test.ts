import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DoubleEndedHeap, type HeapEntry } from '../../../../src-main/engine/queue/double-ended-heap';

interface Entry extends HeapEntry {
  readonly key: number;
  readonly id: number;
}
const ahead = (a: Entry, b: Entry) => a.key < b.key || (a.key === b.key && a.id < b.id);
const byPriority = (a: Entry, b: Entry) => (ahead(a, b) ? -1 : 1);

type Op =
  | { kind: 'push'; key: number }
  | { kind: 'replace'; key: number }
  | { kind: 'best' }
  | { kind: 'worst' }
  | { kind: 'remove'; pick: number }
  | { kind: 'reset' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 20 }).map((key) => ({ kind: 'push', key }) as Op) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 20 }).map((key) => ({ kind: 'replace', key }) as Op) },
  fc.constant({ kind: 'best' } as Op),
  fc.constant({ kind: 'worst' } as Op),
  fc.nat().map((pick) => ({ kind: 'remove', pick }) as Op),
  fc.constant({ kind: 'reset' } as Op),
);

describe('double-ended heap', () => {
  it('hands out the best and the worst entry exactly as a sorted list would', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const heap = new DoubleEndedHeap<Entry>(ahead);
        let model: Entry[] = [];
        let id = 0;
        for (const step of ops) {
          if (step.kind === 'push') {
            const entry: Entry = { key: step.key, id: id++, bestAt: 0, worstAt: 0 };
            heap.push(entry);
            model.push(entry);
          } else if (step.kind === 'replace') {
            const entry: Entry = { key: step.key, id: id++, bestAt: 0, worstAt: 0 };
            model.sort(byPriority);
            expect(heap.replaceWorst(entry)).toBe(model.pop());
            model.push(entry);
          } else if (step.kind === 'best') {
            model.sort(byPriority);
            expect(heap.popBest()).toBe(model.shift());
          } else if (step.kind === 'worst') {
            model.sort(byPriority);
            expect(heap.popWorst()).toBe(model.pop());
          } else if (step.kind === 'remove' && model.length > 0) {
            const victim = model[step.pick % model.length]!;
            heap.remove(victim);
            model = model.filter((e) => e !== victim);
          } else if (step.kind === 'reset') {
            heap.reset([...model].reverse());
          }
          expect(heap.size).toBe(model.length);
        }
        model.sort(byPriority);
        const drained: Entry[] = [];
        for (let e = heap.popBest(); e !== undefined; e = heap.popBest()) drained.push(e);
        expect(drained).toEqual(model);
      }),
      { numRuns: 200 },
    );
  });

  it('returns nothing from an empty heap', () => {
    const heap = new DoubleEndedHeap<Entry>(ahead);
    expect(heap.popBest()).toBeUndefined();
    expect(heap.popWorst()).toBeUndefined();
  });
});
