import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bytesToHex,
  checkStorageProof,
  datasetRoot,
  defaultSalesTimings,
  defaultProofParams,
  PackedTree,
  silentLogger,
  SlotData,
  SlotTree,
  type Reservation,
  type SlotDataSource,
  type StorageRequest,
  type StoreSlotInput,
} from '../../../../src-main/engine/index';
import { nodeSha256 } from '../../../../src-main/market/sim/hash';
import { exampleStorageRequest } from '../../../fakes/fake-market';
import { testId } from '../../../fakes/ids';
import { openTestStorage, type TestStorage } from '../../../fakes/test-db';

const slotSize = 5n * 2048n + 100n; // five full cells and a short one
let t: TestStorage;
let slots: Uint8Array[];
let request: StorageRequest;
let fetched: { offset: bigint; length: number }[];
let source: SlotDataSource;

beforeEach(() => {
  t = openTestStorage();
  slots = [0, 1, 2].map(() => new Uint8Array(randomBytes(Number(slotSize))));
  const roots = slots.map((s) => SlotTree.fromData(s, defaultProofParams, nodeSha256).root);
  request = {
    ...exampleStorageRequest({ slots: 3n, slotSize }),
    content: { cid: '0x01', merkleRoot: bytesToHex(datasetRoot(roots, nodeSha256)) },
  };
  fetched = [];
  source = {
    fetchSlotRoots: async () => roots,
    fetchSlotData: async (_id, index, offset, length) => {
      fetched.push({ offset, length });
      const data = slots[Number(index)]!;
      return data.subarray(Number(offset), Math.min(data.length, Number(offset) + length));
    },
  };
});
afterEach(() => t.dispose());

function slotData(overrides: { batch?: number; treeCacheBytes?: number; downloads?: number } = {}): SlotData {
  return new SlotData({
    dataSource: source,
    repo: t.repo,
    timings: {
      ...defaultSalesTimings,
      downloadBatchBytes: overrides.batch ?? 4096,
      maxConcurrentDownloads: overrides.downloads ?? 8,
    },
    logger: silentLogger,
    hash: nodeSha256,
    ...(overrides.treeCacheBytes ? { treeCacheBytes: overrides.treeCacheBytes } : {}),
  });
}

const reservation = { id: testId(77) } as Reservation;
function input(slotIndex = 1n): StoreSlotInput {
  return { requestId: testId(5), request, slotIndex, slotId: testId(6), reservation, isRepairing: false, expiry: 0 };
}

describe('SlotData', () => {
  it('downloads in batches, reports each written batch, and stores the slot under its reservation id', async () => {
    const batches: bigint[] = [];
    await slotData().store(input(), (bytes) => batches.push(bytes), new AbortController().signal);
    expect(fetched.map((f) => f.length)).toEqual([4096, 4096, 2148]);
    expect(batches).toEqual([4096n, 4096n, 2148n]);
    expect(await t.repo.readSlotData(reservation.id, 0, Number(slotSize))).toEqual(slots[1]);
  });

  it('builds proofs the market verifies, from the stored bytes', async () => {
    const data = slotData();
    await data.store(input(), () => {}, new AbortController().signal);
    const challenge = '0x' + '3c'.repeat(32);
    const proof = await data.prove({ ...input(), reservation }, challenge);
    const verdict = checkStorageProof({
      proof,
      challenge,
      slotIndex: 1,
      slots: 3,
      slotSize,
      merkleRoot: request.content.merkleRoot,
      hash: nodeSha256,
    });
    expect(verdict).toBeUndefined();
  });

  it('rebuilds an evicted slot tree from the repo', async () => {
    const data = slotData({ treeCacheBytes: 1 });
    await data.store(input(0n), () => {}, new AbortController().signal);
    await data.store(
      { ...input(1n), reservation: { id: testId(78) } as Reservation },
      () => {},
      new AbortController().signal,
    );
    const proof = await data.prove({ ...input(0n), reservation }, '0x' + '01'.repeat(32));
    expect(bytesToHex(proof.slotRoot)).toBe(
      bytesToHex(SlotTree.fromData(slots[0]!, defaultProofParams, nodeSha256).root),
    );
  });

  it('fails with "Slot root mismatch" when the data is not what the request holds', async () => {
    slots[1]![5] = slots[1]![5]! ^ 0xff;
    await expect(slotData().store(input(), () => {}, new AbortController().signal)).rejects.toThrow(
      /Slot root mismatch/,
    );
  });

  it('refuses slot roots that do not match the content root', async () => {
    request = { ...request, content: { ...request.content, merkleRoot: '0x' + '00'.repeat(32) } };
    await expect(slotData().store(input(), () => {}, new AbortController().signal)).rejects.toThrow(/content root/);
  });

  it('fails when the data source sends fewer bytes than asked', async () => {
    source.fetchSlotData = async () => new Uint8Array(10);
    await expect(slotData().store(input(), () => {}, new AbortController().signal)).rejects.toThrow(/expected 4096/);
  });

  it('gives up a stalled fetch as soon as the sale moves on', async () => {
    source.fetchSlotData = () => new Promise(() => {});
    const controller = new AbortController();
    const done = slotData().store(input(), () => {}, controller.signal);
    controller.abort();
    await expect(done).rejects.toThrow();
  });

  it('downloads at most maxConcurrentDownloads slots at once; a waiting sale can leave the line', async () => {
    let active = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    source.fetchSlotData = async (_id, index, offset, length) => {
      peak = Math.max(peak, ++active);
      await new Promise<void>((resolve) => release.push(resolve));
      active--;
      return slots[Number(index)]!.subarray(Number(offset), Number(offset) + length);
    };
    const data = slotData({ downloads: 2, batch: Number(slotSize) });
    const left = new AbortController();
    const runs = [0n, 1n, 2n].map((i) =>
      data.store(
        { ...input(i), reservation: { id: testId(80 + Number(i)) } as Reservation },
        () => {},
        new AbortController().signal,
      ),
    );
    const leaving = data.store({ ...input(1n), reservation: { id: testId(90) } as Reservation }, () => {}, left.signal);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(peak).toBe(2);
    left.abort();
    await expect(leaving).rejects.toThrow();
    let done = 0;
    runs.forEach((run) => void run.then(() => done++));
    while (done < runs.length) {
      release.splice(0).forEach((r) => r());
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(peak).toBe(2);
  });

  it('cannot prove without the data', async () => {
    await expect(slotData().prove({ ...input(), reservation }, '0x' + '01'.repeat(32))).rejects.toThrow(/No slot data/);
    await expect(slotData().prove({ ...input(), reservation: undefined }, '0x' + '01'.repeat(32))).rejects.toThrow(
      /no reservation/,
    );
  });
});

describe('PackedTree', () => {
  it('gives the same root, leaves and paths as the slot tree it packs', () => {
    const tree = SlotTree.fromData(slots[0]!, defaultProofParams, nodeSha256);
    const packed = PackedTree.fromSlotTree(tree);
    const hex = (nodes: Uint8Array[]) => nodes.map(bytesToHex);
    expect(bytesToHex(packed.root)).toBe(bytesToHex(tree.root));
    expect(packed.leafCount).toBe(tree.cellCount);
    for (let i = 0; i < tree.cellCount; i++) expect(hex(packed.path(i))).toEqual(hex(tree.path(i)));
    expect(packed.leaf(tree.cellCount)).toBeUndefined();
    expect(packed.byteLength).toBe(tree.layers.reduce((n, layer) => n + layer.length * 32, 0));
  });
});
