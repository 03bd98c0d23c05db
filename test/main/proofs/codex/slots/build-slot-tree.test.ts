import { afterAll, describe, expect, it } from 'vitest';
import { bigintFromBytesLE } from '../../../../../src-main/proofs/codex/poseidon2/field';
import { merkleLayers } from '../../../../../src-main/proofs/codex/poseidon2/merkle';
import { HashPool } from '../../../../../src-main/proofs/codex/pool/hash-pool';
import { buildSlotTree } from '../../../../../src-main/proofs/codex/slots/build-slot-tree';
import { slotRoot, slotTreeBlocks, slotTreePath } from '../../../../../src-main/proofs/codex/slots/slot-tree';
import { createPoseidon2Wasm } from '../../../../../src-main/proofs/codex/wasm/module';
import { leHexValue, poseidon2Vectors } from '../vectors';

const pool = new HashPool({ size: 2 });
afterAll(() => pool.close());
const wasm = createPoseidon2Wasm();

const block = (seed: number, length = 65536) => new Uint8Array(length).map((_, i) => (i * 13 + seed * 101) & 0xff);
const zeroRoot = leHexValue(poseidon2Vectors.zeroBlockRootLe);

describe('building a slot tree from its blocks', () => {
  it('hashes the dataset blocks, pads with the zero-block root to a power of two, and keys the block-root layer as a bottom layer', async () => {
    const blocks = [block(1), block(2), new Uint8Array(0), block(4, 1000), block(5)];
    const reads: number[] = [];
    const tree = await buildSlotTree({
      dataBlocks: 5,
      readBlock: async (i) => (reads.push(i), blocks[i]!),
      hasher: pool,
      batchBlocks: 2,
    });
    expect(tree.ok).toBe(true);
    if (!tree.ok) return;
    expect(reads).toEqual([0, 1, 2, 3, 4]);
    expect(slotTreeBlocks(tree.value)).toBe(8);
    const roots = [...blocks.map((b) => bigintFromBytesLE(wasm.blockRoot(b))), zeroRoot, zeroRoot, zeroRoot];
    const reference = merkleLayers(roots);
    expect(slotRoot(tree.value)).toBe(reference[3]![0]);
    expect(roots[2]).toBe(zeroRoot); // an empty block is 64 KiB of zeros
    expect(slotTreePath(tree.value, 6)).toEqual([reference[0]![7], reference[1]![2], reference[2]![0]]);
  });

  it('roots a one-block slot at compress(blockRoot, 0, 3)', async () => {
    const tree = await buildSlotTree({ dataBlocks: 1, readBlock: async () => block(9), hasher: pool });
    expect(tree.ok && slotRoot(tree.value)).toBe(merkleLayers([bigintFromBytesLE(wasm.blockRoot(block(9)))])[1]![0]);
  });

  it('reports a failed read, an oversized block and a bad count as values naming the block', async () => {
    const failing = await buildSlotTree({
      dataBlocks: 40,
      readBlock: async (i) => {
        if (i === 33) throw new Error('disk gone');
        return new Uint8Array(0);
      },
      hasher: pool,
    });
    expect(failing).toEqual({
      ok: false,
      error: { kind: 'read-failed', message: 'block 33 could not be read: disk gone', blockIndex: 33 },
    });
    const oversized = await buildSlotTree({
      dataBlocks: 3,
      readBlock: async (i) => new Uint8Array(i === 2 ? 65537 : 10),
      hasher: pool,
    });
    expect(oversized).toMatchObject({ ok: false, error: { kind: 'invalid-block', blockIndex: 2 } });
    expect(
      await buildSlotTree({ dataBlocks: 0, readBlock: async () => new Uint8Array(0), hasher: pool }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
  });

  it('stops reading and hashing when aborted, and starts neither when already aborted', async () => {
    const controller = new AbortController();
    let reads = 0;
    const building = buildSlotTree({
      dataBlocks: 64,
      readBlock: async (i) => {
        reads++;
        if (i === 20) controller.abort();
        return block(i);
      },
      hasher: pool,
      signal: controller.signal,
      batchBlocks: 4,
    });
    expect(await building).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    expect(reads).toBeLessThan(64);
    reads = 0;
    const already = await buildSlotTree({
      dataBlocks: 4,
      readBlock: async (i) => (reads++, block(i)),
      hasher: pool,
      signal: AbortSignal.abort(),
    });
    expect(already).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    expect(reads).toBe(0);
  });
});
