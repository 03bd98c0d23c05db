import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../../../src-main/storage/open-storage';
import { RepoServedBlocks } from '../../../../src-main/network/serve/repo-served-blocks';
import { SERVE_PROOFS_FILE } from '../../../../src-main/network/serve/serve-files';

const KEY = '0x' + '11'.repeat(32);
const BLOCK = 65_536;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function open(dir: string) {
  return openStorage({ dataDir: dir });
}
const manifest = { cid: Uint8Array.of(1, 2, 3), treeCid: Uint8Array.of(9, 9), bytes: Uint8Array.of(7, 7, 7, 7) };
const block = (i: number) => new Uint8Array(BLOCK).fill(i + 1);

describe('RepoServedBlocks', () => {
  it('serves stored blocks with their proofs after a reopen, drops a torn tail, and stops once the slot is freed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-'));
    dirs.push(dir);
    let storage = open(dir);
    let served = new RepoServedBlocks(storage.repo);
    await served.keepManifest(KEY, manifest);
    for (let i = 0; i < 3; i++) {
      await storage.repo.writeSlotData(KEY, i * BLOCK, block(i));
      void served.keepProof(KEY, { index: i, datasetIndex: 10 + i, proof: Uint8Array.of(i, i, i) });
    }
    expect(served.hasBlock(manifest.cid)).toBe(true);
    expect((await served.leaf(manifest.treeCid, 11))?.data[0]).toBe(2); // served before it is written
    await served.flush();
    storage.close();

    const file = join(storage.repoDir, 'slots', KEY, SERVE_PROOFS_FILE);
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 2)); // a kill mid-append
    storage = open(dir);
    served = new RepoServedBlocks(storage.repo);
    await served.load();
    expect(served.block(manifest.cid)).toEqual(manifest.bytes);
    expect(served.held()).toHaveLength(1);
    const leaf = await served.leaf(manifest.treeCid, 10);
    expect(leaf?.data).toEqual(block(0));
    expect(leaf?.proof).toEqual(Uint8Array.of(0, 0, 0));
    expect(served.hasLeaf(manifest.treeCid, 11)).toBe(true);
    expect(served.hasLeaf(manifest.treeCid, 12)).toBe(false); // the torn record is never served
    expect(await served.leaf(manifest.treeCid, 12)).toBeUndefined();

    await storage.repo.deleteSlotData(KEY);
    expect(served.hasLeaf(manifest.treeCid, 10)).toBe(false);
    expect(served.hasBlock(manifest.cid)).toBe(false);
    storage.close();
  });

  it('writes the proofs of a long download in a few batches, not once per block, and keeps every one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-'));
    dirs.push(dir);
    let storage = open(dir);
    const blocks = 3_000;
    await storage.repo.writeSlotData(KEY, (blocks - 1) * BLOCK, block(0)); // the slot's data, sparse
    let writes = 0;
    const repo = storage.repo;
    const counting = Object.assign(Object.create(repo) as typeof repo, {
      writeSlotFile: (key: string, name: string, bytes: Uint8Array) => {
        if (name === SERVE_PROOFS_FILE) writes++;
        return repo.writeSlotFile(key, name, bytes);
      },
    });
    let served = new RepoServedBlocks(counting);
    await served.keepManifest(KEY, manifest);
    const kept: Promise<void>[] = [];
    for (let i = 0; i < blocks; i++)
      kept.push(served.keepProof(KEY, { index: i, datasetIndex: i, proof: Uint8Array.of(i & 0xff, i >> 8) }));
    await Promise.all(kept); // every caller's promise settles once its batch is on disk
    await served.flush();
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThan(20); // per block it would be 3,000 whole-file writes
    storage.close();

    storage = open(dir);
    served = new RepoServedBlocks(storage.repo);
    await served.load();
    for (const i of [0, 255, 256, 1_999, blocks - 1]) expect(served.hasLeaf(manifest.treeCid, i)).toBe(true);
    expect((await served.leaf(manifest.treeCid, blocks - 1))?.proof).toEqual(
      Uint8Array.of((blocks - 1) & 0xff, (blocks - 1) >> 8),
    );
    storage.close();
  });
});
