import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StorageFaultError } from '../../../../src-main/engine/errors';
import { openStorage } from '../../../../src-main/storage/open-storage';
import { RepoServedBlocks } from '../../../../src-main/network/serve/repo-served-blocks';
import { SERVE_PROOFS_FILE } from '../../../../src-main/network/serve/serve-files';
import { fillDisk, mountTmpfs } from '../../../fakes/tmpfs';

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
    expect(await served.hasLeaf(manifest.treeCid, 11)).toBe(true);
    expect(await served.hasLeaf(manifest.treeCid, 12)).toBe(false); // the torn record is never served
    expect(await served.leaf(manifest.treeCid, 12)).toBeUndefined();

    await storage.repo.deleteSlotData(KEY);
    expect(await served.hasLeaf(manifest.treeCid, 10)).toBe(false);
    expect(served.hasBlock(manifest.cid)).toBe(false);
    storage.close();
  });

  it('appends the proofs of a download in small batches as its blocks are stored, so few are ever unwritten, and keeps every one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-'));
    dirs.push(dir);
    let storage = open(dir);
    const blocks = 600;
    let appends = 0;
    const repo = storage.repo;
    const counting = Object.assign(Object.create(repo) as typeof repo, {
      appendSlotFile: (key: string, name: string, bytes: Uint8Array, at?: number) => {
        if (name === SERVE_PROOFS_FILE) appends++;
        return repo.appendSlotFile(key, name, bytes, at);
      },
      writeSlotFile: (key: string, name: string, bytes: Uint8Array) => {
        if (name === SERVE_PROOFS_FILE) throw new Error('the proofs file is appended to, never rewritten');
        return repo.writeSlotFile(key, name, bytes);
      },
    });
    let served = new RepoServedBlocks(counting);
    await served.keepManifest(KEY, manifest);
    const kept: Promise<void>[] = [];
    let mostUnwritten = 0;
    for (let i = 0; i < blocks; i++) {
      // As a download does: the block is stored, then its proof kept without waiting for it.
      await storage.repo.writeSlotData(KEY, i * BLOCK, block(i % 200));
      kept.push(served.keepProof(KEY, { index: i, datasetIndex: 1000 + i, proof: Uint8Array.of(i & 0xff, i >> 8) }));
      mostUnwritten = Math.max(mostUnwritten, served.counts().unwritten);
    }
    await Promise.all(kept); // every caller's promise settles once its append is on disk
    expect(served.counts()).toEqual({ indexed: blocks, unwritten: 0 });
    expect(appends).toBeGreaterThan(0); // how few depends on the machine's speed: bench/serve-memory.bench.ts
    // A batch is due at 16 proofs; the next fills while it is appended: a kill loses at most those.
    expect(mostUnwritten).toBeLessThanOrEqual(32);
    storage.close();

    storage = open(dir);
    served = new RepoServedBlocks(storage.repo);
    await served.load();
    for (const i of [0, 255, 256, 599]) expect(await served.hasLeaf(manifest.treeCid, 1000 + i)).toBe(true);
    expect(await served.hasLeaf(manifest.treeCid, 1000 + blocks)).toBe(false);
    const last = await served.leaf(manifest.treeCid, 1000 + blocks - 1);
    expect(last?.proof).toEqual(Uint8Array.of((blocks - 1) & 0xff, (blocks - 1) >> 8));
    expect(last?.data).toEqual(block((blocks - 1) % 200));
    storage.close();
  });

  it('serves after a reopen a proof that was appended but never flushed or closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-'));
    dirs.push(dir);
    const first = open(dir);
    const before = new RepoServedBlocks(first.repo);
    await first.repo.writeSlotData(KEY, 0, block(0));
    await before.keepManifest(KEY, manifest);
    await first.repo.writeSlotData(KEY, BLOCK, block(1));
    await before.keepProof(KEY, { index: 1, datasetIndex: 5, proof: Uint8Array.of(5) });
    // No flush, no close: the first store is abandoned as a killed process would leave it.
    const second = open(dir);
    const after = new RepoServedBlocks(second.repo);
    await after.load();
    const leaf = await after.leaf(manifest.treeCid, 5);
    expect(leaf?.data).toEqual(block(1));
    expect(leaf?.proof).toEqual(Uint8Array.of(5));
    second.close();
    first.close();
  });

  it('reads proofs from the file, not memory: a damaged or cut record is refused, the others still served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-'));
    dirs.push(dir);
    let storage = open(dir);
    let served = new RepoServedBlocks(storage.repo);
    await storage.repo.writeSlotData(KEY, 0, block(0));
    await served.keepManifest(KEY, manifest);
    for (let i = 0; i < 3; i++) {
      await storage.repo.writeSlotData(KEY, i * BLOCK, block(i));
      await served.keepProof(KEY, { index: i, datasetIndex: 7 + i * 3, proof: new Uint8Array(40).fill(i + 1) });
    }
    storage.close();

    storage = open(dir);
    served = new RepoServedBlocks(storage.repo);
    await served.load();
    expect(served.counts()).toEqual({ indexed: 0, unwritten: 0 }); // read when the slot is first asked for
    expect(await served.hasLeaf(manifest.treeCid, 7)).toBe(true);
    expect(served.counts()).toEqual({ indexed: 3, unwritten: 0 });
    const file = join(storage.repoDir, 'slots', KEY, SERVE_PROOFS_FILE);
    const bytes = readFileSync(file);
    bytes[76] = bytes[76]! ^ 0xff; // inside the second record's proof (records are 12 + 40 + 4 bytes)
    writeFileSync(file, bytes);
    expect(await served.hasLeaf(manifest.treeCid, 10)).toBe(true); // the index still names it…
    expect(await served.leaf(manifest.treeCid, 10)).toBeUndefined(); // …but its damaged record is not served
    expect((await served.leaf(manifest.treeCid, 13))?.proof).toEqual(new Uint8Array(40).fill(3));
    writeFileSync(file, bytes.subarray(0, 56)); // cut after the first record: the third is gone
    expect((await served.leaf(manifest.treeCid, 7))?.proof).toEqual(new Uint8Array(40).fill(1));
    expect(await served.leaf(manifest.treeCid, 13)).toBeUndefined();
    expect(served.block(manifest.cid)).toEqual(manifest.bytes); // the manifest is still served
    // The file ends before the store thought: that append is refused, and the store finds the real end.
    const late = { index: 2, datasetIndex: 13, proof: new Uint8Array(40).fill(4) };
    await expect(served.keepProof(KEY, late)).rejects.toThrow(/byte 168/);
    await served.keepProof(KEY, late);
    expect((await served.leaf(manifest.treeCid, 13))?.proof).toEqual(late.proof);
    expect(readFileSync(file).length).toBe(2 * 56);
    storage.close();
  });

  it('appends over a torn tail after a restart, so later proofs are not lost behind it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-'));
    dirs.push(dir);
    let storage = open(dir);
    let served = new RepoServedBlocks(storage.repo);
    await storage.repo.writeSlotData(KEY, 0, block(0));
    await served.keepManifest(KEY, manifest);
    await served.keepProof(KEY, { index: 0, datasetIndex: 0, proof: Uint8Array.of(1) });
    storage.close();
    const file = join(storage.repoDir, 'slots', KEY, SERVE_PROOFS_FILE);
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from([3, 0, 0, 0, 3, 0])])); // half a record

    storage = open(dir);
    served = new RepoServedBlocks(storage.repo);
    await served.load();
    await storage.repo.writeSlotData(KEY, BLOCK, block(1));
    await served.keepProof(KEY, { index: 1, datasetIndex: 1, proof: Uint8Array.of(2) });
    storage.close();

    storage = open(dir);
    served = new RepoServedBlocks(storage.repo);
    await served.load();
    expect((await served.leaf(manifest.treeCid, 0))?.proof).toEqual(Uint8Array.of(1));
    expect((await served.leaf(manifest.treeCid, 1))?.proof).toEqual(Uint8Array.of(2));
    expect(readFileSync(file).length).toBe(2 * (12 + 1 + 4));
    storage.close();
  });
});

const tmpfs = mountTmpfs('4m');
afterAll(() => tmpfs.unmount());

describe('RepoServedBlocks on a full disk', () => {
  it('refuses a proof it cannot append and does not serve it, then appends cleanly once space returns', async (context) => {
    if (!tmpfs.ok) {
      process.stdout.write(`full-disk serving skipped: ${tmpfs.reason}\n`);
      return context.skip(tmpfs.reason);
    }
    const dir = join(tmpfs.dir, 'data');
    let storage = open(dir);
    let served = new RepoServedBlocks(storage.repo);
    for (let i = 0; i < 3; i++) await storage.repo.writeSlotData(KEY, i * BLOCK, block(i));
    await served.keepManifest(KEY, manifest);
    await served.keepProof(KEY, { index: 0, datasetIndex: 0, proof: Uint8Array.of(1) });
    const filler = fillDisk(tmpfs.dir);
    // Larger than what is left of the file's last page: the append needs blocks the disk lacks.
    const refused = served.keepProof(KEY, { index: 1, datasetIndex: 1, proof: new Uint8Array(60_000).fill(9) });
    await expect(refused).rejects.toThrow(StorageFaultError);
    expect(await served.hasLeaf(manifest.treeCid, 1)).toBe(false);
    rmSync(filler);
    await served.keepProof(KEY, { index: 2, datasetIndex: 2, proof: Uint8Array.of(3) });
    storage.close();

    storage = open(dir);
    served = new RepoServedBlocks(storage.repo);
    await served.load();
    expect((await served.leaf(manifest.treeCid, 0))?.proof).toEqual(Uint8Array.of(1));
    expect(await served.leaf(manifest.treeCid, 1)).toBeUndefined();
    expect((await served.leaf(manifest.treeCid, 2))?.data).toEqual(block(2));
    storage.close();
  });
});
