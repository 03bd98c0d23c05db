import { afterAll, describe, expect, it } from 'vitest';
import { datasetRoot } from '../../../../../src-main/proofs/codex/dataset/dataset';
import { HashPool } from '../../../../../src-main/proofs/codex/pool/hash-pool';
import { buildCircuitInput } from '../../../../../src-main/proofs/codex/sampling/build-circuit-input';
import { cellIndices } from '../../../../../src-main/proofs/codex/sampling/cell-indices';
import { circuitInputToJson } from '../../../../../src-main/proofs/codex/sampling/circuit-input';
import { buildSlotTree } from '../../../../../src-main/proofs/codex/slots/build-slot-tree';
import { slotRoot } from '../../../../../src-main/proofs/codex/slots/slot-tree';
import type { StoredSlotTree } from '../../../../../src-main/proofs/codex/slots/slot-tree-file';
import { checkCircuitStatement } from '../../../../../src-main/proofs/codex/statement/check-statement';

const pool = new HashPool({ size: 2 });
afterAll(() => pool.close());

// Three dataset blocks padded to four: a quarter of the cells are pad cells, and block 1 is empty.
const blocks = [new Uint8Array(65536).map((_, i) => (i * 7) & 0xff), new Uint8Array(0), new Uint8Array(30000).fill(9)];
const readBlock = async (i: number) => {
  if (i >= blocks.length) throw new Error(`block ${i} is a pad block and is never read`);
  return blocks[i]!;
};

async function stored(slotIndex = 2, slots = 5): Promise<StoredSlotTree> {
  const tree = await buildSlotTree({ dataBlocks: 3, readBlock, hasher: pool });
  if (!tree.ok) throw new Error(tree.error.message);
  const slotRoots = Array.from({ length: slots }, (_, i) => (i === slotIndex ? slotRoot(tree.value) : BigInt(i + 100)));
  return { tree: tree.value, slotIndex, slotRoots };
}

describe('building the circuit input for a challenge', () => {
  it('samples pad, empty and short blocks as zeros and yields an input the circuit statement accepts', async () => {
    const slot = await stored();
    const sampledBlocks = new Set<number>();
    for (const entropy of [1n, 2n, 3n, 99n, 123456789n]) {
      for (const cell of cellIndices(entropy, slotRoot(slot.tree), 128)) sampledBlocks.add(cell >> 5);
      const input = await buildCircuitInput({ stored: slot, entropy, readBlock, hasher: pool });
      if (!input.ok) throw new Error(input.error.message);
      expect(input.value.nCellsPerSlot).toBe(128);
      expect(input.value.nSlotsPerDataSet).toBe(5);
      expect(input.value.dataSetRoot).toBe(datasetRoot(slot.slotRoots));
      expect(input.value.merklePaths.every((p) => p.length === 32 && p.slice(7).every((x) => x === 0n))).toBe(true);
      const publicInputs = { entropy, dataSetRoot: input.value.dataSetRoot, slotIndex: 2n };
      expect(checkCircuitStatement(circuitInputToJson(input.value), publicInputs)).toEqual({ ok: true });
    }
    expect([...sampledBlocks].sort()).toEqual([0, 1, 2, 3]); // the pad block and the empty one were sampled
  });

  it('refuses to prove a slot whose stored data no longer hashes to its tree', async () => {
    const slot = await stored();
    const changed = async (i: number) => {
      const b = (await readBlock(i)).slice();
      if (b.length > 0) b[b.length - 1] = b[b.length - 1]! ^ 1;
      return i === 1 ? new Uint8Array(10).fill(1) : b;
    };
    const input = await buildCircuitInput({ stored: slot, entropy: 7n, readBlock: changed, hasher: pool });
    expect(input).toMatchObject({ ok: false, error: { kind: 'block-changed' } });
  });

  it('reports reads that fail or return too much, and inputs outside the dataset, as values', async () => {
    const slot = await stored();
    const failing = async () => Promise.reject(new Error('gone'));
    expect(await buildCircuitInput({ stored: slot, entropy: 7n, readBlock: failing, hasher: pool })).toMatchObject({
      ok: false,
      error: { kind: 'read-failed', message: expect.stringContaining('gone') },
    });
    const oversized = async () => new Uint8Array(65537);
    expect(await buildCircuitInput({ stored: slot, entropy: 7n, readBlock: oversized, hasher: pool })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-block' },
    });
    expect(
      await buildCircuitInput({ stored: { ...slot, slotIndex: 1 }, entropy: 7n, readBlock, hasher: pool }),
    ).toMatchObject({ ok: false, error: { kind: 'slot-root-mismatch' } });
    expect(await buildCircuitInput({ stored: slot, entropy: -1n, readBlock, hasher: pool })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
  });
});
