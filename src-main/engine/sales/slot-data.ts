// The default onStore and onProve (docs/reference/sales.md §2.1): find the dataset behind
// the request, let the proof system check its roots, fetch the slot's blocks into the repo while
// accounting every batch against the reservation, and have the proof system verify the stored
// slot. Proofs come from the proof system too. Data is kept under the reservation's id, so two
// sales of one slot (a repair after our sale of it was freed) never share a file.
import type { Logger } from '../ports/logger';
import type { ProofSystem, ProvableSlot } from '../ports/proof-system';
import { BLOCK_SIZE, type SlotDataSource } from '../ports/slot-data-source';
import type { Repo } from '../ports/store';
import type { SalesTimings } from '../ports/timings';
import type { OnBatch, OnProve, OnStore, ProveSlotInput, StoreSlotInput } from './context';
import { slotDataMissing } from './errors';
import { Semaphore } from './semaphore';

/** Where slot data comes from, where it goes, and who checks and proves it. */
export interface SlotDataOptions {
  readonly dataSource: SlotDataSource;
  readonly proofSystem: ProofSystem;
  readonly repo: Repo;
  readonly timings: SalesTimings;
  readonly logger: Logger;
}

/** Downloads, stores, proves and forgets slot data. */
export class SlotData {
  private readonly downloads: Semaphore;

  constructor(private readonly options: SlotDataOptions) {
    this.downloads = new Semaphore(options.timings.maxConcurrentDownloads);
  }

  /** onStore: fetch, write and account every batch, then verify the stored slot. */
  readonly store: OnStore = async (input, onBatch, signal) => {
    await this.downloads.acquire(signal);
    try {
      await this.download(input, onBatch, signal);
    } finally {
      this.downloads.release();
    }
  };

  /** onProve: answer the challenge from the stored slot. */
  readonly prove: OnProve = async (slot, challenge, signal, purpose = 'held') =>
    this.options.proofSystem.prove(provable(slot), challenge, signal ?? new AbortController().signal, purpose);

  /** Drops what the proof system keeps for data that is about to be deleted. */
  forget(key: string): Promise<void> {
    return this.options.proofSystem.forget(key);
  }

  private async download(input: StoreSlotInput, onBatch: OnBatch, signal: AbortSignal): Promise<void> {
    const { dataSource, proofSystem, repo, timings } = this.options;
    const { request, slotIndex, reservation, slotId } = input;
    const dataset = await abortable(dataSource.dataset(input, signal), signal);
    await proofSystem.checkDataset(request, dataset);
    const slotBlocks = blocksOf(request.ask.slotSize);
    if (dataset.blockCount > slotBlocks) {
      throw new Error(
        `the dataset gives slot ${slotIndex} ${dataset.blockCount} blocks; a slot of its size holds ${slotBlocks}`,
      );
    }
    // The data says which slot it holds, so it can be found even if the sales database is lost.
    await repo.tagSlotData(reservation.id, slotId);
    let pending = 0n;
    let pendingBlocks: number[] = [];
    const flush = (): void => {
      // Written, so accounted at once: no abort check between the writes and their release.
      if (pendingBlocks.length > 0) onBatch(pending, pendingBlocks);
      pending = 0n;
      pendingBlocks = [];
    };
    // A download resumed after a restart fetches only what is not stored yet.
    const stored = new Set(input.storedBlocks);
    const indices = Array.from({ length: dataset.blockCount }, (_, i) => i).filter((i) => !stored.has(i));
    const put = async (index: number, bytes: Uint8Array): Promise<void> => {
      if (!Number.isInteger(index) || index < 0 || index >= dataset.blockCount || bytes.length > BLOCK_SIZE) {
        throw new Error(
          `the data source delivered block ${index} (${bytes.length} bytes), which slot ${slotIndex} does not have`,
        );
      }
      signal.throwIfAborted();
      // A block delivered twice (or already stored before a restart) is written and counted once.
      if (stored.has(index)) return;
      stored.add(index);
      if (bytes.length > 0) await repo.writeSlotData(reservation.id, index * BLOCK_SIZE, bytes);
      pending += BigInt(bytes.length);
      pendingBlocks.push(index);
      if (pending >= BigInt(timings.downloadBatchBytes)) flush();
    };
    try {
      await abortable(dataset.fetchBlocks(indices, { put }, signal), signal);
    } finally {
      flush();
    }
    signal.throwIfAborted();
    await proofSystem.verifySlot(provable(input), dataset, signal);
  }
}

/** Number of blocks a slot of `slotSize` bytes spans. */
function blocksOf(slotSize: bigint): number {
  return Number((slotSize + BigInt(BLOCK_SIZE) - 1n) / BigInt(BLOCK_SIZE));
}

/** The slot as the proof system addresses it: by the reservation that keys its data. */
function provable(slot: ProveSlotInput): ProvableSlot {
  const key = slot.reservation?.id ?? slot.dataKey;
  if (key === undefined) throw slotDataMissing(`slot ${slot.slotId} (it has no reservation)`);
  return {
    requestId: slot.requestId,
    request: slot.request,
    slotIndex: slot.slotIndex,
    slotId: slot.slotId,
    dataKey: key,
  };
}

/**
 * Settles with `work`, or rejects as soon as the sale moves on: a stalled fetch must not hold a
 * state machine. `work` is always observed, also when the sale moved on before it started: its
 * later rejection (the fetch seeing the same abort) would otherwise be unhandled and end the process.
 */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
