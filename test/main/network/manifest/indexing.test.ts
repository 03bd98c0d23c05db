import { describe, expect, it } from 'vitest';
import { LINEAR, nextPow2, slotShape, STEPPED, strategyIndices } from '../../../../src-main/network/manifest/indexing';

const all = (s: typeof LINEAR | typeof STEPPED, first: number, last: number, n: number) =>
  Array.from({ length: n }, (_, i) => strategyIndices(s, first, last, n, i));
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('indexing strategies (testindexingstrategy.nim vectors)', () => {
  it('Linear splits into consecutive runs', () => {
    expect(all(LINEAR, 0, 12, 3)).toEqual([range(0, 4), range(5, 9), range(10, 12)]);
    expect(all(LINEAR, 0, 11, 3)).toEqual([range(0, 3), range(4, 7), range(8, 11)]);
  });

  it('Stepped takes every n-th index', () => {
    expect(all(STEPPED, 0, 12, 3)).toEqual([
      [0, 3, 6, 9, 12],
      [1, 4, 7, 10],
      [2, 5, 8, 11],
    ]);
  });

  it('refuse an iteration past the last, no iterations and an empty range', () => {
    expect(() => strategyIndices(LINEAR, 0, 12, 3, 3)).toThrow(/iteration 3 is not below iterations 3/);
    expect(() => strategyIndices(LINEAR, 0, 12, 0, 0)).toThrow(/iterations must be above 0/);
    expect(() => strategyIndices(STEPPED, 5, 4, 1, 0)).toThrow(/after last index/);
  });

  it('pad a slot to a power of two blocks', () => {
    expect([1, 2, 3, 4, 5, 1000, 1024, 1025].map(nextPow2)).toEqual([1, 2, 4, 4, 8, 1024, 1024, 2048]);
    expect(slotShape(3, 65_536)).toEqual({ blocks: 3, padBlocks: 1, slotSize: 262_144n });
    expect(slotShape(1024, 65_536).slotSize).toBe(64n << 20n);
  });
});
