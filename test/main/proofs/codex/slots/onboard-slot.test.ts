import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashPool } from '../../../../../src-main/proofs/codex/pool/hash-pool';
import { buildSlotTree } from '../../../../../src-main/proofs/codex/slots/build-slot-tree';
import { onboardSlot } from '../../../../../src-main/proofs/codex/slots/onboard-slot';
import { slotRoot } from '../../../../../src-main/proofs/codex/slots/slot-tree';
import { fileSlotTreeStorage, loadSlotTree } from '../../../../../src-main/proofs/codex/slots/slot-tree-storage';

const pool = new HashPool({ size: 2 });
const dir = mkdtempSync(join(tmpdir(), 'onboard-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const blocks = [0, 1, 2].map((s) => new Uint8Array(65536).map((_, i) => (i ^ (s * 77)) & 0xff));
const readBlock = async (i: number) => blocks[i]!;

describe('onboarding a slot', () => {
  it("persists the tree with the dataset's slot roots when its root is the manifest's", async () => {
    const built = await buildSlotTree({ dataBlocks: 3, readBlock, hasher: pool });
    if (!built.ok) throw new Error(built.error.message);
    const slotRoots = [11n, slotRoot(built.value), 13n];
    const storage = fileSlotTreeStorage(join(dir, 'good.tree'));
    const onboarded = await onboardSlot({ dataBlocks: 3, readBlock, hasher: pool, slotIndex: 1, slotRoots, storage });
    expect(onboarded).toEqual({ ok: true, value: { tree: built.value, slotIndex: 1, slotRoots } });
    expect(await loadSlotTree(storage)).toEqual(onboarded);
  });

  it("rejects data that does not hash to the manifest's slot root, and stores nothing", async () => {
    const storage = fileSlotTreeStorage(join(dir, 'bad.tree'));
    const result = await onboardSlot({
      dataBlocks: 3,
      readBlock,
      hasher: pool,
      slotIndex: 0,
      slotRoots: [42n],
      storage,
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'root-mismatch' } });
    expect(await storage.read()).toBeUndefined();
  });

  it('refuses slot indices and slot roots outside the dataset before reading anything', async () => {
    const storage = fileSlotTreeStorage(join(dir, 'never.tree'));
    let reads = 0;
    const counting = async (i: number) => (reads++, blocks[i]!);
    for (const [slotIndex, slotRoots] of [
      [3, [1n, 2n]],
      [0, []],
      [0, [-1n]],
    ] as const)
      expect(
        await onboardSlot({ dataBlocks: 3, readBlock: counting, hasher: pool, slotIndex, slotRoots, storage }),
      ).toMatchObject({
        ok: false,
        error: { kind: 'invalid-input' },
      });
    expect(reads).toBe(0);
  });

  it('reports a storage that cannot be written as a value', async () => {
    const built = await buildSlotTree({ dataBlocks: 3, readBlock, hasher: pool });
    if (!built.ok) throw new Error(built.error.message);
    const storage = {
      write: () => Promise.reject(new Error('disk full')),
      read: async () => undefined,
      remove: async () => {},
    };
    expect(
      await onboardSlot({
        dataBlocks: 3,
        readBlock,
        hasher: pool,
        slotIndex: 0,
        slotRoots: [slotRoot(built.value)],
        storage,
      }),
    ).toEqual({ ok: false, error: { kind: 'write-failed', message: 'the slot tree could not be stored: disk full' } });
  });
});
