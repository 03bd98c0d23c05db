import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../../../src-main/storage/open-storage';
import { RepoServedBlocks } from '../../../../src-main/network/serve/repo-served-blocks';
import { SERVE_PROOFS_FILE } from '../../../../src-main/network/serve/serve-files';
import type { Logger } from '../../../../src-main/engine/index';

const BLOCK = 65_536;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const manifest = { cid: Uint8Array.of(1, 2, 3), treeCid: Uint8Array.of(9, 9), bytes: Uint8Array.of(7, 7, 7, 7) };
// Two slots of one dataset, stepped as Codex indexes them: slot 0 holds dataset blocks 0, 2, 4; slot 1 holds 1, 3, 5.
const SLOTS = [
  { key: '0x' + 'a0'.repeat(32), datasetIndices: [0, 2, 4] },
  { key: '0x' + 'a1'.repeat(32), datasetIndices: [1, 3, 5] },
];
const blockOf = (datasetIndex: number) => new Uint8Array(BLOCK).fill(datasetIndex + 1);
const proofOf = (datasetIndex: number) => Uint8Array.of(datasetIndex, 0xee);

async function expectServed(served: RepoServedBlocks, datasetIndices: number[]): Promise<void> {
  for (const d of datasetIndices) {
    expect(await served.hasLeaf(manifest.treeCid, d)).toBe(true);
    const leaf = await served.leaf(manifest.treeCid, d);
    expect(leaf?.data).toEqual(blockOf(d));
    expect(leaf?.proof).toEqual(proofOf(d));
  }
}

async function expectNotServed(served: RepoServedBlocks, datasetIndices: number[]): Promise<void> {
  for (const d of datasetIndices) {
    expect(await served.hasLeaf(manifest.treeCid, d)).toBe(false);
    expect(await served.leaf(manifest.treeCid, d)).toBeUndefined();
  }
}

describe('RepoServedBlocks holding several slots of one dataset', () => {
  it('serves every block of both slots (also after a restart), keeps serving one and the manifest once the other is freed, and stops once both are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-multi-'));
    dirs.push(dir);
    let storage = openStorage({ dataDir: dir });
    let served = new RepoServedBlocks(storage.repo);
    for (const slot of SLOTS) {
      await served.keepManifest(slot.key, manifest);
      for (const [i, d] of slot.datasetIndices.entries()) {
        await storage.repo.writeSlotData(slot.key, i * BLOCK, blockOf(d));
        void served.keepProof(slot.key, { index: i, datasetIndex: d, proof: proofOf(d) });
      }
    }
    await expectServed(served, [0, 1, 2, 3, 4, 5]); // some served before their proofs are written
    expect(served.held()).toEqual([manifest]); // announced once, not once per slot
    await expectNotServed(served, [6]);
    await served.flush();
    storage.close();

    storage = openStorage({ dataDir: dir });
    served = new RepoServedBlocks(storage.repo);
    await served.load();
    expect(served.counts()).toEqual({ indexed: 0, unwritten: 0 }); // still read when first asked for
    await expectServed(served, [5, 0, 1, 2, 3, 4]);
    expect(served.held()).toEqual([manifest]);

    // The slot stored last goes first: the other one's blocks and the dataset's manifest stay served.
    await storage.repo.deleteSlotData(SLOTS[1]!.key);
    await expectNotServed(served, SLOTS[1]!.datasetIndices);
    await expectServed(served, SLOTS[0]!.datasetIndices);
    expect(served.hasBlock(manifest.cid)).toBe(true);
    expect(served.block(manifest.cid)).toEqual(manifest.bytes);
    expect(served.held()).toEqual([manifest]);

    await storage.repo.deleteSlotData(SLOTS[0]!.key);
    await expectNotServed(served, [0, 1, 2, 3, 4, 5]);
    expect(served.hasBlock(manifest.cid)).toBe(false);
    expect(served.block(manifest.cid)).toBeUndefined();
    expect(served.held()).toEqual([]);
    storage.close();
  });

  it('forgetting the first slot stored leaves the second served, and its manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-multi-'));
    dirs.push(dir);
    const storage = openStorage({ dataDir: dir });
    const served = new RepoServedBlocks(storage.repo);
    for (const slot of SLOTS) {
      await served.keepManifest(slot.key, manifest);
      for (const [i, d] of slot.datasetIndices.entries()) {
        await storage.repo.writeSlotData(slot.key, i * BLOCK, blockOf(d));
        await served.keepProof(slot.key, { index: i, datasetIndex: d, proof: proofOf(d) });
      }
    }
    served.forget(SLOTS[0]!.key);
    await expectNotServed(served, SLOTS[0]!.datasetIndices);
    await expectServed(served, SLOTS[1]!.datasetIndices);
    expect(served.block(manifest.cid)).toEqual(manifest.bytes);
    expect(served.held()).toEqual([manifest]);
    served.forget(SLOTS[1]!.key);
    expect(served.hasBlock(manifest.cid)).toBe(false);
    expect(served.held()).toEqual([]);
    storage.close();
  });

  it('a slot whose proofs file cannot be read is passed over: the other slot of the dataset is served, and the failure is logged once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-multi-'));
    dirs.push(dir);
    let storage = openStorage({ dataDir: dir });
    let served = new RepoServedBlocks(storage.repo);
    for (const slot of SLOTS) {
      await served.keepManifest(slot.key, manifest);
      for (const [i, d] of slot.datasetIndices.entries()) {
        await storage.repo.writeSlotData(slot.key, i * BLOCK, blockOf(d));
        void served.keepProof(slot.key, { index: i, datasetIndex: d, proof: proofOf(d) });
      }
    }
    await served.flush();
    storage.close();
    // Slot 1's proofs file turns unreadable (an I/O error: here a folder where the file was).
    const proofsFile = join(dir, 'repo', 'slots', SLOTS[1]!.key, SERVE_PROOFS_FILE);
    rmSync(proofsFile);
    mkdirSync(proofsFile);

    const warnings: { message: string; context?: Record<string, unknown> }[] = [];
    const log: Logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (message, context) => void warnings.push({ message, ...(context ? { context } : {}) }),
    };
    storage = openStorage({ dataDir: dir });
    served = new RepoServedBlocks(storage.repo, log);
    await served.load();
    for (let round = 0; round < 3; round++) {
      await expectServed(served, SLOTS[0]!.datasetIndices);
      await expectNotServed(served, SLOTS[1]!.datasetIndices);
    }
    expect(served.hasBlock(manifest.cid)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/proofs file cannot be read/);
    expect(warnings[0]!.context?.['slot']).toBe(SLOTS[1]!.key);
    expect(String(warnings[0]!.context?.['error'])).toMatch(/EISDIR/);
    storage.close();
  });
});
