// Serving stored slots: the cost of keeping each block's proof while a store-bound download writes
// its blocks (baseline: the same blocks written alone), memory held per GiB of slot data, and the
// cost of serving a leaf. 1 GiB of
// slot data (4 slots of 4,096 blocks of 64 KiB, sparse on disk) with real-size CodexProofs of a
// 2^16-leaf dataset is kept and loaded back. The baseline is what the store used to hold: every
// proof in a map plus the proofs file's bytes. A leaf served now reads its proof from the file; its
// baseline is the slot-data read every leaf needs anyway.
// Run: npm run bench -- serve-memory
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SHA2_256 } from '../src-main/network/ids/codecs';
import { RepoServedBlocks } from '../src-main/network/serve/repo-served-blocks';
import { decodeProofRecords, SERVE_PROOFS_FILE, type StoredProof } from '../src-main/network/serve/serve-files';
import { encodeProof } from '../src-main/network/tree/proof-codec';
import { openStorage } from '../src-main/storage/open-storage';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const BLOCK = 65_536;
const SLOTS = 4;
const PER_SLOT = 4_096;
const DEPTH = 16;
const key = (s: number) => '0x' + (s + 1).toString(16).padStart(64, '0');
const treeCid = (s: number) => Uint8Array.of(1, s);
const held = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const dir = mkdtempSync(join(tmpdir(), 'serve-bench-'));
try {
  let storage = openStorage({ dataDir: dir });
  const writer = new RepoServedBlocks(storage.repo);
  const path = Array.from({ length: DEPTH }, (_, i) => new Uint8Array(32).fill(i));
  const proofOf = (index: number) => encodeProof({ mcodec: SHA2_256, index, nleaves: SLOTS * PER_SLOT, path });
  for (let s = 0; s < SLOTS; s++) {
    await storage.repo.writeSlotData(key(s), (PER_SLOT - 1) * BLOCK, new Uint8Array(BLOCK)); // sparse
    await writer.keepManifest(key(s), { cid: Uint8Array.of(2, s), treeCid: treeCid(s), bytes: new Uint8Array(300) });
    const kept: Promise<void>[] = [];
    for (let i = 0; i < PER_SLOT; i++) {
      const datasetIndex = s * PER_SLOT + i;
      kept.push(writer.keepProof(key(s), { index: i, datasetIndex, proof: proofOf(datasetIndex) }));
    }
    await Promise.all(kept);
  }

  // A store-bound download: blocks written one after another, each proof kept as the block is stored.
  const proofs = Array.from({ length: 2_000 }, (_, i) => proofOf(i));
  const store = async (withProofs: boolean, at: number): Promise<number> => {
    const k = key(100 + at);
    const block = new Uint8Array(BLOCK).fill(at);
    // The slot's first block and its manifest (written once, synced) before the clock starts.
    await storage.repo.writeSlotData(k, 0, block);
    if (withProofs)
      await writer.keepManifest(k, { cid: Uint8Array.of(3, at), treeCid: Uint8Array.of(4, at), bytes: block });
    const start = process.hrtime.bigint();
    for (let i = 1; i < 2_000; i++) {
      await storage.repo.writeSlotData(k, i * BLOCK, block);
      if (withProofs) void writer.keepProof(k, { index: i, datasetIndex: i, proof: proofs[i]! });
    }
    await writer.flush();
    const took = Number(process.hrtime.bigint() - start) / 1_999;
    writer.forget(k);
    await storage.repo.deleteSlotData(k);
    return took;
  };
  // Alternated, the fastest pass of each way: the machine's other load only ever adds time.
  let alone = Infinity;
  let proven = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    alone = Math.min(alone, await store(false, 2 * pass));
    proven = Math.min(proven, await store(true, 2 * pass + 1));
  }
  storage.close();

  storage = openStorage({ dataDir: dir });
  // The store first: what the baseline frees afterwards is not collected before the store is measured.
  const before = held();
  const served = new RepoServedBlocks(storage.repo);
  await served.load();
  // Proofs are indexed per slot when first asked for: ask every slot, the most memory it takes.
  for (let s = 0; s < SLOTS; s++) if (!(await served.hasLeaf(treeCid(s), s * PER_SLOT))) throw new Error('not held');
  const newBytes = held() - before;
  const old: { leaves: Map<number, StoredProof>; file: Uint8Array }[] = [];
  for (let s = 0; s < SLOTS; s++) {
    const file = (await storage.repo.readSlotFile(key(s), SERVE_PROOFS_FILE))!;
    old.push({ leaves: new Map(decodeProofRecords(file).proofs.map((p) => [p.datasetIndex, p])), file });
  }
  const oldBytes = held() - before - newBytes;
  if (old.length !== SLOTS) throw new Error('the baseline was not built');

  const rounds = 2_000;
  const pick = (r: number) => ((r * 2_654_435_761) >>> 0) % (SLOTS * PER_SLOT);
  const timed = async (read: (d: number) => Promise<void>): Promise<number> => {
    const start = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) await read(pick(r));
    return Number(process.hrtime.bigint() - start) / rounds;
  };
  // Alternated, so neither way gets the warmer cache.
  let dataOnly = 0;
  let leaf = 0;
  for (let pass = 0; pass < 3; pass++) {
    dataOnly += await timed(async (d) => {
      await storage.repo.readSlotData(key(Math.floor(d / PER_SLOT)), (d % PER_SLOT) * BLOCK, BLOCK);
    });
    leaf += await timed(async (d) => {
      const found = await served.leaf(treeCid(Math.floor(d / PER_SLOT)), d);
      if (found?.data.length !== BLOCK) throw new Error(`leaf ${d} was not served`);
    });
  }
  dataOnly /= 3;
  leaf /= 3;
  storage.close();

  const mib = (n: number) => (n / 2 ** 20).toFixed(2);
  console.log(
    `storing a block: ${(alone / 1000).toFixed(1)} µs alone, ${(proven / 1000).toFixed(1)} µs with its proof kept`,
  );
  console.log(`  ratio with proof / alone: ${(proven / alone).toFixed(2)}`);
  console.log(`held per GiB of slot data: proofs in memory ${mib(oldBytes)} MiB, index ${mib(newBytes)} MiB`);
  console.log(
    `  ratio index / proofs in memory: ${(newBytes / oldBytes).toFixed(4)} (${(oldBytes / newBytes).toFixed(0)}x less)`,
  );
  console.log(
    `serving a leaf: ${(leaf / 1000).toFixed(1)} µs, its block read alone ${(dataOnly / 1000).toFixed(1)} µs`,
  );
  console.log(`  ratio leaf / block read: ${(leaf / dataOnly).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
