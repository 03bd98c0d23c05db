import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fieldToBytes } from '../../../../../src-main/proofs/codex/poseidon2/field';
import { HashPool } from '../../../../../src-main/proofs/codex/pool/hash-pool';
import { slotRoot, slotTreeFromBlockRoots } from '../../../../../src-main/proofs/codex/slots/slot-tree';
import {
  decodeSlotTree,
  encodeSlotTree,
  type StoredSlotTree,
} from '../../../../../src-main/proofs/codex/slots/slot-tree-file';
import {
  fileSlotTreeStorage,
  loadSlotTree,
  saveSlotTree,
} from '../../../../../src-main/proofs/codex/slots/slot-tree-storage';
import { leHex, poseidon2Vectors } from '../vectors';

const pool = new HashPool({ size: 1 });
const dir = mkdtempSync(join(tmpdir(), 'slot-tree-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A stored slot of `dataBlocks` made-up block roots, slot 1 of a dataset of three. */
async function tree(dataBlocks: number): Promise<StoredSlotTree> {
  const roots = new Uint8Array(dataBlocks * 32);
  for (let i = 0; i < dataBlocks; i++) roots.set(fieldToBytes(BigInt(i * 7919 + 1)), i * 32);
  const built = await slotTreeFromBlockRoots(roots, dataBlocks, leHex(poseidon2Vectors.zeroBlockRootLe), pool);
  if (!built.ok) throw new Error(built.error.message);
  return { tree: built.value, slotIndex: 1, slotRoots: [5n, slotRoot(built.value), 7n] };
}

describe('the slot-tree file', () => {
  it("round-trips a tree with its dataset's slot roots in about 64 bytes per block", async () => {
    const t = await tree(5);
    const bytes = encodeSlotTree(t);
    expect(bytes.length).toBe(48 + (8 + 4 + 2 + 1) * 32 + 3 * 32 + 32);
    expect(decodeSlotTree(bytes)).toEqual({ ok: true, value: t });
    const big = await tree(1000); // 1024 padded blocks
    expect(encodeSlotTree(big).length / 1024).toBeLessThan(65);
  });

  it('reports truncation, damage, a foreign file and a newer version as values', async () => {
    const bytes = encodeSlotTree(await tree(3));
    expect(decodeSlotTree(bytes.subarray(0, 20))).toMatchObject({ ok: false, error: { kind: 'truncated' } });
    expect(decodeSlotTree(bytes.subarray(0, bytes.length - 1))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    });
    const flipped = bytes.slice();
    flipped[100] = flipped[100]! ^ 1;
    expect(decodeSlotTree(flipped)).toMatchObject({ ok: false, error: { kind: 'checksum-mismatch' } });
    const foreign = bytes.slice();
    foreign[0] = 0x41;
    expect(decodeSlotTree(foreign)).toMatchObject({ ok: false, error: { kind: 'not-a-slot-tree' } });
    const newer = bytes.slice();
    newer[8] = 2;
    expect(decodeSlotTree(newer)).toMatchObject({ ok: false, error: { kind: 'unsupported-version' } });
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(decodeSlotTree(longer)).toMatchObject({ ok: false, error: { kind: 'inconsistent' } });
    const miscounted = bytes.slice();
    miscounted[20] = 9; // 9 dataset blocks do not pad to the 4 recorded
    expect(decodeSlotTree(miscounted)).toMatchObject({ ok: false, error: { kind: 'inconsistent' } });
  });

  it("refuses to write a slot whose root is not its dataset's slot root", async () => {
    const t = await tree(2);
    expect(() => encodeSlotTree({ ...t, slotIndex: 0 })).toThrow(RangeError);
    expect(() => encodeSlotTree({ ...t, slotRoots: [] })).toThrow(RangeError);
  });

  it('is written atomically beside the data, read back after a restart and removed', async () => {
    const path = join(dir, 'slot-a.tree');
    const t = await tree(6);
    const storage = fileSlotTreeStorage(path);
    expect(await storage.read()).toBeUndefined();
    expect(await loadSlotTree(storage)).toMatchObject({ ok: false, error: { kind: 'missing' } });
    await saveSlotTree(storage, await tree(2));
    await saveSlotTree(storage, t); // replaces the first
    expect(readdirSync(dir)).toEqual(['slot-a.tree']); // no temporary file left behind
    const restarted = fileSlotTreeStorage(path);
    expect(await loadSlotTree(restarted, t.tree.layers[t.tree.layers.length - 1])).toEqual({ ok: true, value: t });
    expect(await loadSlotTree(restarted, new Uint8Array(32))).toMatchObject({
      ok: false,
      error: { kind: 'root-mismatch' },
    });
    await restarted.remove();
    await restarted.remove(); // no file is no error
    expect(readdirSync(dir)).not.toContain('slot-a.tree');
  });

  it('tells the caller to rebuild when the file on disk is damaged or cut short', async () => {
    const path = join(dir, 'slot-b.tree');
    const storage = fileSlotTreeStorage(path);
    await saveSlotTree(storage, await tree(4));
    const bytes = encodeSlotTree(await tree(4));
    writeFileSync(path, bytes.subarray(0, bytes.length - 40));
    expect(await loadSlotTree(storage)).toMatchObject({
      ok: false,
      error: { kind: 'truncated', message: expect.any(String) },
    });
    writeFileSync(path, 'not a tree at all, but long enough to have a header and a checksum in it');
    expect(await loadSlotTree(storage)).toMatchObject({ ok: false, error: { kind: 'not-a-slot-tree' } });
  });

  it('reports a storage that cannot be read as a value', async () => {
    const broken = {
      write: async () => {},
      read: async () => Promise.reject(new Error('EIO')),
      remove: async () => {},
    };
    expect(await loadSlotTree(broken)).toEqual({
      ok: false,
      error: { kind: 'read-failed', message: 'the slot-tree file could not be read: EIO' },
    });
  });
});
