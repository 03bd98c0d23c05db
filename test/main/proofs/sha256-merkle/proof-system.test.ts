import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProvableSlot, StorageRequest } from '../../../../src-main/engine/index';
import {
  bytesToHex,
  checkStorageProof,
  datasetRoot,
  PackedTree,
  Sha256MerkleProofSystem,
  SlotTree,
} from '../../../../src-main/proofs/sha256-merkle/index';
import { exampleStorageRequest } from '../../../fakes/fake-market';
import { testId } from '../../../fakes/ids';
import { openTestStorage, type TestStorage } from '../../../fakes/test-db';

const slotSize = 5n * 2048n + 100n; // five full cells and a short one
const signal = new AbortController().signal;
let t: TestStorage;
let slots: Uint8Array[];
let roots: Uint8Array[];
let request: StorageRequest;

beforeEach(() => {
  t = openTestStorage();
  slots = [0, 1, 2].map(() => new Uint8Array(randomBytes(Number(slotSize))));
  roots = slots.map((s) => SlotTree.fromData(s).root);
  request = {
    ...exampleStorageRequest({ slots: 3n, slotSize }),
    content: { cid: '0x01', merkleRoot: bytesToHex(datasetRoot(roots)) },
  };
});
afterEach(() => t.dispose());

function system(treeCacheBytes?: number): Sha256MerkleProofSystem {
  return new Sha256MerkleProofSystem({
    repo: t.repo,
    slotRoots: async () => roots,
    ...(treeCacheBytes ? { treeCacheBytes } : {}),
  });
}

async function stored(slotIndex: bigint, key = testId(70 + Number(slotIndex))): Promise<ProvableSlot> {
  await t.repo.writeSlotData(key, 0, slots[Number(slotIndex)]!);
  return { requestId: testId(5), request, slotIndex, slotId: testId(6), dataKey: key };
}

const dataset = () => ({ slotRoots: roots, verifyRoot: datasetRoot(roots) });

describe('Sha256MerkleProofSystem', () => {
  it('builds proofs the market verifies, from the stored bytes', async () => {
    const proofs = system();
    const slot = await stored(1n);
    await proofs.verifySlot(slot, dataset(), signal);
    const challenge = '0x' + '3c'.repeat(32);
    const proof = await proofs.prove(slot, challenge, signal);
    const verdict = checkStorageProof({
      proof,
      challenge,
      slotIndex: 1,
      slots: 3,
      slotSize,
      merkleRoot: request.content.merkleRoot,
    });
    expect(verdict).toBeUndefined();
  });

  it('rebuilds an evicted slot tree from the repo', async () => {
    const proofs = system(1);
    const first = await stored(0n);
    await proofs.verifySlot(first, dataset(), signal);
    await proofs.verifySlot(await stored(1n), dataset(), signal);
    const proof = await proofs.prove(first, '0x' + '01'.repeat(32), signal);
    expect(bytesToHex(proof.slotRoot)).toBe(bytesToHex(roots[0]!));
  });

  it('proves a slot verified before a restart, finding its slot roots again', async () => {
    const slot = await stored(2n);
    await system().verifySlot(slot, dataset(), signal);
    const proof = await system().prove(slot, '0x' + '05'.repeat(32), signal);
    expect(
      checkStorageProof({
        proof,
        challenge: '0x' + '05'.repeat(32),
        slotIndex: 2,
        slots: 3,
        slotSize,
        merkleRoot: request.content.merkleRoot,
      }),
    ).toBeUndefined();
  });

  it('rejects stored data that is not the slot the dataset commits to', async () => {
    slots[1]![5] = slots[1]![5]! ^ 0xff;
    await expect(system().verifySlot(await stored(1n), dataset(), signal)).rejects.toThrow(
      /differs from the slot root/,
    );
  });

  it('rejects a dataset that is not the one the request commits to', async () => {
    const other = { ...request, content: { ...request.content, merkleRoot: '0x' + '00'.repeat(32) } };
    await expect(system().checkDataset(other, dataset())).rejects.toThrow(/content.merkleRoot/);
    await expect(system().checkDataset(request, { ...dataset(), verifyRoot: new Uint8Array(32) })).rejects.toThrow(
      /verify root/,
    );
    await expect(system().checkDataset(request, { ...dataset(), slotRoots: roots.slice(1) })).rejects.toThrow(
      /2 slots/,
    );
  });

  it('cannot prove without the data', async () => {
    const slot = { requestId: testId(5), request, slotIndex: 1n, slotId: testId(6), dataKey: testId(99) };
    await expect(system().prove(slot, '0x' + '01'.repeat(32), signal)).rejects.toThrow(/missing or incomplete/);
  });

  it('makes an invalid proof the market rejects', () => {
    const verdict = checkStorageProof({
      proof: system().invalidProof(),
      challenge: '0x01',
      slotIndex: 0,
      slots: 3,
      slotSize,
      merkleRoot: request.content.merkleRoot,
    });
    expect(verdict).toBeDefined();
  });
});

describe('PackedTree', () => {
  it('gives the same root, leaves and paths as the slot tree it packs', () => {
    const tree = SlotTree.fromData(slots[0]!);
    const packed = PackedTree.fromSlotTree(tree);
    const hex = (nodes: Uint8Array[]) => nodes.map(bytesToHex);
    expect(bytesToHex(packed.root)).toBe(bytesToHex(tree.root));
    expect(packed.leafCount).toBe(tree.cellCount);
    for (let i = 0; i < tree.cellCount; i++) expect(hex(packed.path(i))).toEqual(hex(tree.path(i)));
    expect(packed.leaf(tree.cellCount)).toBeUndefined();
    expect(packed.byteLength).toBe(tree.layers.reduce((n, layer) => n + layer.length * 32, 0));
  });
});
