import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BLOCK_SIZE,
  defaultSalesTimings,
  silentLogger,
  type BlockSink,
  type Reservation,
  type SlotDataset,
  type StorageRequest,
} from '../../../../src-main/engine/index';
import { type StoreSlotInput } from '../../../../src-main/engine/sales/context';
import { SlotData } from '../../../../src-main/engine/sales/slot-data';
import { exampleStorageRequest } from '../../../fakes/fake-market';
import { fakeBlock, FakeDataSource, FakeProofSystem } from '../../../fakes/fake-proofs';
import { testId } from '../../../fakes/ids';
import { openTestStorage, type TestStorage } from '../../../fakes/test-db';

const slotSize = 2n * BigInt(BLOCK_SIZE) + 100n; // two full blocks and a short one
let t: TestStorage;
let request: StorageRequest;
let source: FakeDataSource;
let proofs: FakeProofSystem;

beforeEach(() => {
  t = openTestStorage();
  request = exampleStorageRequest({ slots: 3n, slotSize });
  source = new FakeDataSource();
  proofs = new FakeProofSystem(t.repo);
});
afterEach(() => t.dispose());

function slotData(overrides: { batch?: number; downloads?: number } = {}): SlotData {
  return new SlotData({
    dataSource: source,
    proofSystem: proofs,
    repo: t.repo,
    timings: {
      ...defaultSalesTimings,
      downloadBatchBytes: overrides.batch ?? BLOCK_SIZE,
      maxConcurrentDownloads: overrides.downloads ?? 8,
    },
    logger: silentLogger,
  });
}

const reservation = { id: testId(77) } as Reservation;
function input(slotIndex = 1n, id = reservation.id): StoreSlotInput {
  return {
    requestId: testId(5),
    request,
    slotIndex,
    slotId: testId(6),
    reservation: { id } as Reservation,
    isRepairing: false,
    expiry: 0,
    storedBlocks: [],
  };
}

/** A data source whose fetch is replaced, keeping the fake dataset's roots and size. */
function withFetch(fetchBlocks: SlotDataset['fetchBlocks']): void {
  const dataset = source.dataset.bind(source);
  source.dataset = async (slot) => ({ ...(await dataset(slot)), fetchBlocks });
}

const expectedSlot = (slotIndex: bigint) => {
  const out = new Uint8Array(Number(slotSize));
  for (let i = 0; i < 3; i++) out.set(fakeBlock(slotIndex, i, i < 2 ? BLOCK_SIZE : 100), i * BLOCK_SIZE);
  return out;
};

describe('SlotData', () => {
  it('stores every block at its offset under the reservation id, reporting each written batch', async () => {
    const batches: bigint[] = [];
    await slotData().store(input(), (bytes) => batches.push(bytes), new AbortController().signal);
    expect(batches).toEqual([65_536n, 65_536n, 100n]);
    expect(await t.repo.readSlotData(reservation.id, 0, Number(slotSize))).toEqual(expectedSlot(1n));
  });

  it('accounts blocks in batches of downloadBatchBytes, and the rest at the end', async () => {
    const batches: bigint[] = [];
    await slotData({ batch: 2 * BLOCK_SIZE }).store(
      input(),
      (bytes) => batches.push(bytes),
      new AbortController().signal,
    );
    expect(batches).toEqual([131_072n, 100n]);
  });

  it('accepts blocks in any order', async () => {
    withFetch(async (indices, sink: BlockSink) => {
      for (const index of [...indices].reverse())
        await sink.put(index, fakeBlock(1n, index, index < 2 ? BLOCK_SIZE : 100));
    });
    await slotData().store(input(), () => {}, new AbortController().signal);
    expect(await t.repo.readSlotData(reservation.id, 0, Number(slotSize))).toEqual(expectedSlot(1n));
  });

  it('fetches only the blocks a resumed download does not have, and reports which it stored', async () => {
    const first = new Uint8Array(BLOCK_SIZE);
    first.set(fakeBlock(1n, 0, BLOCK_SIZE));
    await t.repo.writeSlotData(reservation.id, 0, first);
    const asked: number[][] = [];
    const fetch = (await source.dataset({ requestId: testId(5), request, slotIndex: 1n })).fetchBlocks;
    withFetch(async (indices, sink, signal) => {
      asked.push([...indices]);
      return fetch(indices, sink, signal);
    });
    const batches: [bigint, readonly number[]][] = [];
    await slotData().store(
      { ...input(), storedBlocks: [0] },
      (bytes, blocks) => batches.push([bytes, blocks]),
      new AbortController().signal,
    );
    expect(asked).toEqual([[1, 2]]);
    expect(batches).toEqual([
      [65_536n, [1]],
      [100n, [2]],
    ]);
    expect(await t.repo.readSlotData(reservation.id, 0, Number(slotSize))).toEqual(expectedSlot(1n));
  });

  it('writes and counts a block delivered twice once', async () => {
    withFetch(async (indices, sink: BlockSink) => {
      for (const index of [...indices, 0, 1]) await sink.put(index, fakeBlock(1n, index, index < 2 ? BLOCK_SIZE : 100));
    });
    let written = 0n;
    await slotData().store(input(), (bytes) => (written += bytes), new AbortController().signal);
    expect(written).toBe(slotSize);
  });

  it('asks the proof system to check the dataset first and the stored slot last', async () => {
    const calls: string[] = [];
    const check = proofs.checkDataset.bind(proofs);
    const verify = proofs.verifySlot.bind(proofs);
    proofs.checkDataset = async (...args) => (calls.push('check'), check(...args));
    proofs.verifySlot = async (slot) => {
      calls.push(`verify ${t.repo.slotDataSize(slot.dataKey)}`);
      return verify(slot);
    };
    await slotData().store(input(), () => {}, new AbortController().signal);
    expect(calls).toEqual(['check', `verify ${slotSize}`]);
  });

  it('fails without downloading when the proof system rejects the dataset', async () => {
    proofs.checkDataset = async () => Promise.reject(new Error('not the content the request commits to'));
    await expect(slotData().store(input(), () => {}, new AbortController().signal)).rejects.toThrow(/commits to/);
    expect(source.fetched).toEqual([]);
    expect(t.repo.slotDataSize(reservation.id)).toBe(0n);
  });

  it('fails when the stored slot does not verify, after accounting what was written', async () => {
    let written = 0n;
    withFetch(async (_indices, sink) => sink.put(0, fakeBlock(1n, 0, BLOCK_SIZE)));
    await expect(
      slotData().store(input(), (bytes) => (written += bytes), new AbortController().signal),
    ).rejects.toThrow(/rejected/);
    expect(written).toBe(65_536n);
  });

  it('refuses a block the slot does not have, or one larger than a block', async () => {
    withFetch(async (_indices, sink) => sink.put(3, new Uint8Array(10)));
    await expect(slotData().store(input(), () => {}, new AbortController().signal)).rejects.toThrow(/does not have/);
    withFetch(async (_indices, sink) => sink.put(0, new Uint8Array(BLOCK_SIZE + 1)));
    await expect(slotData().store(input(), () => {}, new AbortController().signal)).rejects.toThrow(/does not have/);
  });

  it('gives up a stalled fetch as soon as the sale moves on', async () => {
    withFetch(() => new Promise(() => {}));
    const controller = new AbortController();
    const done = slotData().store(input(), () => {}, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    await expect(done).rejects.toThrow();
  });

  it('leaves no rejection unhandled when the sale moves on just before the fetch starts', async () => {
    const controller = new AbortController();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // The sale moves on while the dataset is checked; the fetch then starts with the aborted signal.
      const check = proofs.checkDataset.bind(proofs);
      proofs.checkDataset = async (...args) => {
        await check(...args);
        controller.abort(new Error('the sale moved on'));
      };
      withFetch(async (_indices, _sink, signal) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        signal.throwIfAborted();
      });
      await expect(slotData().store(input(), () => {}, controller.signal)).rejects.toThrow('the sale moved on');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('downloads at most maxConcurrentDownloads slots at once; a waiting sale can leave the line', async () => {
    let active = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    withFetch(async (indices, sink) => {
      peak = Math.max(peak, ++active);
      await new Promise<void>((resolve) => release.push(resolve));
      active--;
      for (const index of indices) await sink.put(index, fakeBlock(0n, index, index < 2 ? BLOCK_SIZE : 100));
    });
    const data = slotData({ downloads: 2 });
    const left = new AbortController();
    const runs = [0n, 1n, 2n].map((i) =>
      data.store(input(i, testId(80 + Number(i))), () => {}, new AbortController().signal),
    );
    const leaving = data.store(input(1n, testId(90)), () => {}, left.signal);
    await vi.waitFor(() => expect(peak).toBe(2));
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

  it('proves through the proof system, keyed by the reservation', async () => {
    const data = slotData();
    await data.store(input(), () => {}, new AbortController().signal);
    const proof = await data.prove({ ...input(), reservation }, '0x' + '3c'.repeat(32));
    expect(proof).toMatchObject({ scheme: 'fake', challenge: '0x' + '3c'.repeat(32) });
    expect(proofs.proved[0]?.slot.dataKey).toBe(reservation.id);
  });

  it('tells the proof system what a proof is for, a held slot when the caller does not say', async () => {
    const data = slotData();
    await data.store(input(), () => {}, new AbortController().signal);
    const signal = new AbortController().signal;
    await data.prove({ ...input(), reservation }, '0x' + '3c'.repeat(32), signal, 'filling');
    await data.prove({ ...input(), reservation }, '0x' + '3c'.repeat(32));
    expect(proofs.proved.map((p) => p.purpose)).toEqual(['filling', 'held']);
  });

  it('cannot prove a sale that has no reservation', async () => {
    await expect(slotData().prove({ ...input(), reservation: undefined }, '0x' + '01'.repeat(32))).rejects.toThrow(
      /no reservation/,
    );
  });
});
