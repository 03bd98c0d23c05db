import { describe, expect, it } from 'vitest';
import { cellIndex, cellIndices } from '../../../../../src-main/proofs/codex/sampling/cell-indices';
import { sponge } from '../../../../../src-main/proofs/codex/poseidon2/sponge';
import { circuitInputJson } from '../vectors';

describe('sampled cell indices', () => {
  it("picks the fixture's cells 287, 21, 307, 157 and 508 for entropy 1234567", () => {
    const indices = cellIndices(BigInt(circuitInputJson.entropy), BigInt(circuitInputJson.slotRoot), 512);
    expect(indices).toEqual([287, 21, 307, 157, 508]);
  });

  it('takes the low log2(nCells) bits of sponge2([entropy, slotRoot, counter]), counting from 1', () => {
    const hash = sponge([5n, 6n, 1n], 2);
    expect(cellIndex(5n, 6n, 1, 1 << 20)).toBe(Number(hash % (1n << 20n)));
    expect(cellIndices(5n, 6n, 1 << 20, 1)).toEqual([cellIndex(5n, 6n, 1, 1 << 20)]);
    expect(cellIndex(5n, 6n, 1, 1)).toBe(0);
  });

  it('refuses a cell count that is not a power of two', () => {
    expect(() => cellIndex(1n, 2n, 1, 48)).toThrow(RangeError);
    expect(() => cellIndex(1n, 2n, 1, 0)).toThrow(RangeError);
  });
});
