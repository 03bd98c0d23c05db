import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  SlotDataRejectedError,
  type ProvableSlot,
  type Repo,
  type StorageRequest,
} from '../../../../src-main/engine/index';
import { CodexStatementProofSystem } from '../../../../src-main/proofs/codex/codex-statement-proof-system';
import { datasetRoot, merkleRootBytes } from '../../../../src-main/proofs/codex/dataset/dataset';
import { fieldToBytes } from '../../../../src-main/proofs/codex/poseidon2/field';
import type { BlockHasher, HashPriority } from '../../../../src-main/proofs/codex/pool/block-hasher';
import { HashPool } from '../../../../src-main/proofs/codex/pool/hash-pool';
import { buildSlotTree } from '../../../../src-main/proofs/codex/slots/build-slot-tree';
import { slotRoot } from '../../../../src-main/proofs/codex/slots/slot-tree';
import { repoTreeStorage, SLOT_TREE_FILE } from '../../../../src-main/proofs/codex/repo-tree-storage';
import {
  marketPublicInputs,
  verifyCodexStatementProof,
} from '../../../../src-main/proofs/codex/statement/statement-proof';
import { exampleStorageRequest } from '../../../fakes/fake-market';
import { testId } from '../../../fakes/ids';
import { openTestStorage, type TestStorage } from '../../../fakes/test-db';

const BLOCK = 65536;
const slotSize = 8n * BigInt(BLOCK); // six dataset blocks and two pad blocks per slot
const signal = new AbortController().signal;
const challenge = '0x' + '5a'.repeat(32);

const pool = new HashPool({ size: 2 });
afterAll(() => pool.close());

// Three slots of six blocks each, the last one short (it reads as zero-padded).
const slots = [0, 1, 2].map((s) => new Uint8Array(6 * BLOCK - 1000).map((_, i) => (i * (s + 3) + (i >> 16)) & 0xff));
let roots: Uint8Array[];
let request: StorageRequest;
beforeAll(async () => {
  roots = [];
  for (const data of slots) {
    const tree = await buildSlotTree({
      dataBlocks: 8,
      readBlock: async (i) => data.subarray(i * BLOCK, (i + 1) * BLOCK),
      hasher: pool,
    });
    if (!tree.ok) throw new Error(tree.error.message);
    roots.push(fieldToBytes(slotRoot(tree.value)));
  }
  const root = datasetRoot(roots.map((r) => BigInt(`0x${Buffer.from(r).reverse().toString('hex')}`)));
  request = {
    ...exampleStorageRequest({ slots: 3n, slotSize }),
    content: { cid: '0x01', merkleRoot: `0x${Buffer.from(merkleRootBytes(root)).toString('hex')}` },
  };
});

let t: TestStorage;
beforeEach(() => {
  t = openTestStorage();
});
afterEach(() => t.dispose());

/** The repo, recording the offsets read from it. */
function countingRepo(): Repo & { reads: number[] } {
  const counted = Object.create(t.repo) as Repo & { reads: number[] };
  counted.reads = [];
  counted.readSlotData = async (key, offset, length) => {
    counted.reads.push(offset);
    return t.repo.readSlotData(key, offset, length);
  };
  return counted;
}

function system(repo: Repo = t.repo, withRoots = true): CodexStatementProofSystem {
  return new CodexStatementProofSystem({
    repo,
    hasher: pool,
    treeStorage: (key) => repoTreeStorage(t.repo, key),
    ...(withRoots ? { slotRoots: async () => roots } : {}),
  });
}

async function stored(slotIndex: bigint, data = slots[Number(slotIndex)]!): Promise<ProvableSlot> {
  const key = testId(70 + Number(slotIndex));
  await t.repo.writeSlotData(key, 0, data);
  return { requestId: testId(5), request, slotIndex, slotId: testId(6), dataKey: key };
}

const dataset = () => ({
  slotRoots: roots,
  verifyRoot: new Uint8Array(Buffer.from(request.content.merkleRoot.slice(2), 'hex')),
});
const publicInputs = (slotIndex: bigint) => marketPublicInputs(challenge, request.content.merkleRoot, slotIndex)!;

/** The pool, recording the priority each job is submitted at. */
function recordingPool(): BlockHasher & { priorities: Set<HashPriority | undefined> } {
  const priorities = new Set<HashPriority | undefined>();
  return {
    priorities,
    blockRoots: (b, s, p) => (priorities.add(p), pool.blockRoots(b, s, p)),
    blockTree: (b, s, p) => (priorities.add(p), pool.blockTree(b, s, p)),
    treeLayers: (l, s, p) => (priorities.add(p), pool.treeLayers(l, s, p)),
  };
}

describe('CodexStatementProofSystem', () => {
  it('hashes a held slot’s proof ahead of onboarding on the shared pool, an initial proof between them', async () => {
    const hasher = recordingPool();
    const proofs = new CodexStatementProofSystem({
      repo: t.repo,
      hasher,
      treeStorage: (key) => repoTreeStorage(t.repo, key),
      slotRoots: async () => roots,
    });
    const slot = await stored(2n);
    await proofs.checkDataset(request, dataset());
    await proofs.verifySlot(slot, dataset(), signal);
    expect([...hasher.priorities]).toEqual(['onboarding']);
    hasher.priorities.clear();
    await proofs.prove(slot, challenge, signal, 'filling');
    expect([...hasher.priorities]).toEqual(['filling-proof']);
    hasher.priorities.clear();
    await proofs.prove(slot, challenge, signal);
    expect([...hasher.priorities]).toEqual(['held-proof']); // a proof that names no purpose is held
    // A lost tree is hashed again for the proof that needs it, at that proof's priority.
    await proofs.forget(slot.dataKey);
    hasher.priorities.clear();
    const proof = await proofs.prove(slot, challenge, signal, 'held');
    expect(verifyCodexStatementProof(proof, publicInputs(2n))).toEqual({ ok: true });
    expect([...hasher.priorities]).toEqual(['held-proof']);
  });

  it('is ready, and proves a verified slot with an input the circuit statement accepts', async () => {
    const proofs = system();
    expect(await proofs.readiness()).toEqual({ ready: true });
    const slot = await stored(1n);
    await proofs.verifySlot(slot, dataset(), signal);
    const proof = await proofs.prove(slot, challenge, signal);
    expect(proof.scheme).toBe('codex-statement');
    expect(proof.publicInputs).toEqual([
      publicInputs(1n).entropy.toString(),
      publicInputs(1n).dataSetRoot.toString(),
      '1',
    ]);
    expect(verifyCodexStatementProof(proof, publicInputs(1n))).toEqual({ ok: true });
    expect(verifyCodexStatementProof(JSON.parse(JSON.stringify(proof)), publicInputs(1n))).toEqual({ ok: true });
    expect(verifyCodexStatementProof(proof, publicInputs(2n))).toMatchObject({
      ok: false,
      failure: { check: 'public-inputs' },
    });
  });

  it('proves after a restart from the stored tree, reading only the sampled blocks', async () => {
    const slot = await stored(0n);
    await system().verifySlot(slot, dataset(), signal);
    const repo = countingRepo();
    const proof = await system(repo).prove(slot, challenge, signal);
    expect(verifyCodexStatementProof(proof, publicInputs(0n))).toEqual({ ok: true });
    // A rebuild would read all eight blocks; a proof reads only the sampled data blocks, each once.
    expect(repo.reads.length).toBeLessThanOrEqual(5);
    expect(new Set(repo.reads).size).toBe(repo.reads.length);
    expect(repo.reads.every((offset) => offset < 6 * BLOCK)).toBe(true);
  });

  it('keeps the slot tree beside the data in the repo, counted as du counts it and deleted with the data', async () => {
    const du = (dir: string) =>
      BigInt(execFileSync('du', ['-s', '--block-size=1', dir], { encoding: 'utf8' }).split('\t')[0]!);
    const slot = await stored(1n);
    const before = t.repo.quota().used;
    await system().verifySlot(slot, dataset(), signal);
    const tree = await t.repo.readSlotFile(slot.dataKey, SLOT_TREE_FILE);
    // 48-byte header, 8 + 4 + 2 + 1 nodes, three slot roots, the checksum.
    expect(tree?.length).toBe(48 + 15 * 32 + 3 * 32 + 32);
    expect(t.repo.quota().used).toBeGreaterThan(before);
    expect(t.repo.quota().used).toBe(du(t.repoDir));
    await t.repo.deleteSlotData(slot.dataKey);
    expect(await t.repo.readSlotFile(slot.dataKey, SLOT_TREE_FILE)).toBeUndefined();
    expect(t.repo.quota().used).toBe(du(t.repoDir));
  });

  it('rejects a slot whose stored data is not the one its slot root commits to', async () => {
    const wrong = slots[0]!.slice();
    wrong[12345] = wrong[12345]! ^ 1;
    const slot = await stored(0n, wrong);
    await expect(system().verifySlot(slot, dataset(), signal)).rejects.toBeInstanceOf(SlotDataRejectedError);
  });

  it('rejects datasets that do not belong to the request, the merkleRoot check nim-codex skips included', async () => {
    const proofs = system();
    const reject = (r: StorageRequest, d = dataset()) =>
      expect(proofs.checkDataset(r, d)).rejects.toBeInstanceOf(SlotDataRejectedError);
    await expect(proofs.checkDataset(request, dataset())).resolves.toBeUndefined();
    await reject({ ...request, ask: { ...request.ask, slots: 4n } });
    await reject(request, { slotRoots: roots, verifyRoot: new Uint8Array(32) });
    await reject({ ...request, content: { ...request.content, merkleRoot: '0x' + '00'.repeat(32) } });
    await reject({ ...request, ask: { ...request.ask, slotSize: 3n * BigInt(BLOCK) } }); // not 64 KiB × 2^k
  });

  it('rebuilds a damaged slot tree from the data and the dataset roots, or says why it cannot', async () => {
    const slot = await stored(2n);
    await system().verifySlot(slot, dataset(), signal);
    await t.repo.writeSlotFile(slot.dataKey, SLOT_TREE_FILE, new TextEncoder().encode('damaged'));
    await expect(system(t.repo, false).prove(slot, challenge, signal)).rejects.toThrow(
      /cannot be proven: the file is not a Slotkeeper slot-tree file/,
    );
    const proof = await system().prove(slot, challenge, signal);
    expect(verifyCodexStatementProof(proof, publicInputs(2n))).toEqual({ ok: true });
    // …and the rebuilt tree was kept.
    expect(
      verifyCodexStatementProof(await system(t.repo, false).prove(slot, challenge, signal), publicInputs(2n)),
    ).toEqual({ ok: true });
  });

  it('makes an invalid proof the verifier rejects, and forgets a slot when told', async () => {
    const proofs = system();
    expect(verifyCodexStatementProof(proofs.invalidProof(), publicInputs(0n))).toMatchObject({ ok: false });
    expect(verifyCodexStatementProof({ ...proofs.invalidProof().input }, publicInputs(0n))).toMatchObject({
      ok: false,
      failure: { check: 'malformed' },
    });
    const zeroPublic = { entropy: 0n, dataSetRoot: 0n, slotIndex: 0n };
    expect(verifyCodexStatementProof(proofs.invalidProof(), zeroPublic)).toMatchObject({
      ok: false,
      failure: { check: 'dataset-root' },
    });
    const slot = await stored(1n);
    await proofs.verifySlot(slot, dataset(), signal);
    await proofs.forget(slot.dataKey);
    await expect(system(t.repo, false).prove(slot, challenge, signal)).rejects.toThrow(/no slot-tree file/);
  });

  it('stops verifying when aborted, and refuses a malformed challenge', async () => {
    const slot = await stored(1n);
    const aborted = AbortSignal.abort();
    await expect(system().verifySlot(slot, dataset(), aborted)).rejects.toThrow();
    await expect(system().prove(slot, '0x1234', signal)).rejects.toThrow(/not 32 bytes of hex/);
  });
});
