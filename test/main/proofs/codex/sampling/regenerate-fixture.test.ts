// The strongest test of the whole chain (docs/proofs-codex.md): regenerate nim-codex's circuit
// input fixture bit for bit from the reference input generator's data (seed 12345, 11 slots of
// 512 cells, slot 3, entropy 1234567) through the code a host runs: blocks through the pool into
// slot trees, the dataset tree, sampling, the persisted tree, the input and its JSON text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetRoot } from '../../../../../src-main/proofs/codex/dataset/dataset';
import { HashPool } from '../../../../../src-main/proofs/codex/pool/hash-pool';
import { buildCircuitInput } from '../../../../../src-main/proofs/codex/sampling/build-circuit-input';
import {
  circuitInputToJson,
  formatCircuitInputLikeCodex,
} from '../../../../../src-main/proofs/codex/sampling/circuit-input';
import { buildSlotTree } from '../../../../../src-main/proofs/codex/slots/build-slot-tree';
import { slotRoot } from '../../../../../src-main/proofs/codex/slots/slot-tree';
import {
  fileSlotTreeStorage,
  loadSlotTree,
  saveSlotTree,
} from '../../../../../src-main/proofs/codex/slots/slot-tree-storage';
import { checkCircuitStatement } from '../../../../../src-main/proofs/codex/statement/check-statement';
import { referenceBlock, cellBytesBigInt, cellBytesFast, slotSeed } from '../reference-data';
import { circuitInputJson, circuitInputText } from '../vectors';

const SEED = 12345;
const SLOTS = 11;
const SLOT = 3;
const BLOCKS_PER_SLOT = 16; // 512 cells
const ENTROPY = 1234567n;

const pool = new HashPool({ size: 2 });
const dir = mkdtempSync(join(tmpdir(), 'codex-fixture-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("regenerating nim-codex's circuit-input fixture from the reference generator's data", () => {
  it('generates the fake data like the reference generator (fast path checked against BigInt)', () => {
    for (const [slot, cell] of [
      [0, 0],
      [3, 287],
      [10, 511],
    ] as const)
      expect(cellBytesFast(slotSeed(SEED, slot), cell)).toEqual(cellBytesBigInt(slotSeed(SEED, slot), cell));
  });

  // ≈ 6 CPU-seconds (11 MiB of data made on this thread, 200,000 permutations on the pool); a
  // machine shared with other work needs more than the suite's default 30 s.
  it('reproduces every field of the fixture, and its text byte for byte', { timeout: 180_000 }, async () => {
    const readBlock = (slot: number) => async (index: number) => referenceBlock(SEED, slot, index);
    // All slots at once, so this thread generates data while the workers hash.
    const built = await Promise.all(
      Array.from({ length: SLOTS }, (_, slot) =>
        buildSlotTree({ dataBlocks: BLOCKS_PER_SLOT, readBlock: readBlock(slot), hasher: pool, batchBlocks: 4 }),
      ),
    );
    const trees = built.map((tree) => {
      if (!tree.ok) throw new Error(tree.error.message);
      return tree.value;
    });
    const slotRoots = trees.map(slotRoot);
    expect(slotRoots[SLOT]!.toString()).toBe(circuitInputJson.slotRoot);
    expect(datasetRoot(slotRoots).toString()).toBe(circuitInputJson.dataSetRoot);

    // As a host does it: persist the slot tree, read it back, prove from it.
    const storage = fileSlotTreeStorage(join(dir, 'slot-3.tree'));
    await saveSlotTree(storage, { tree: trees[SLOT]!, slotIndex: SLOT, slotRoots });
    const stored = await loadSlotTree(storage);
    if (!stored.ok) throw new Error(stored.error.message);
    const input = await buildCircuitInput({
      stored: stored.value,
      entropy: ENTROPY,
      readBlock: readBlock(SLOT),
      hasher: pool,
    });
    if (!input.ok) throw new Error(input.error.message);

    const json = circuitInputToJson(input.value);
    expect(Object.keys(json)).toEqual(Object.keys(circuitInputJson));
    expect(json).toEqual(circuitInputJson);
    expect(formatCircuitInputLikeCodex(input.value)).toBe(circuitInputText);
    expect(
      checkCircuitStatement(json, { entropy: ENTROPY, dataSetRoot: BigInt(json.dataSetRoot), slotIndex: BigInt(SLOT) }),
    ).toEqual({ ok: true });
  });
});
