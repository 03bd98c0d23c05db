// The default onStore and onProve (spec/sales.md §2.1): download a slot from the data source into
// the repo in batches, check it hashes to the slot root the request commits to, and build proofs
// from the stored bytes. Data is kept under the reservation's id, so two sales of one slot (a
// repair after our sale of it was freed) never share a file. Slot trees are cached within a byte
// budget and rebuilt from the repo on a miss (after a restart, or when evicted).
import type { Logger } from '../ports/logger';
import type { Proof, ProofChallenge, RequestId, SlotDataSource, StorageRequest } from '../ports/market';
import type { Repo } from '../ports/store';
import type { SalesTimings } from '../ports/timings';
import { hexToBytes } from '../proofs/bytes';
import { type HashFn, sha256Hash } from '../proofs/hash';
import { bytesEqual } from '../proofs/merkle';
import { cellRange, SlotTreeBuilder } from '../proofs/slot-tree';
import { challengedCells, datasetRoot } from '../proofs/storage-proof';
import { defaultProofParams, type ProofParams } from '../proofs/types';
import type { OnProve, OnStore, ProveSlotInput } from './context';
import { slotDataMissing, slotRootMismatch } from './errors';
import { PackedTree } from './packed-tree';

/** How slot data is fetched, stored and proven. */
export interface SlotDataOptions {
  readonly dataSource: SlotDataSource;
  readonly repo: Repo;
  readonly timings: SalesTimings;
  readonly logger: Logger;
  /** Must match the market's verifier. */
  readonly proofParams?: ProofParams;
  /** SHA-256; hosts may pass a native one for speed. */
  readonly hash?: HashFn;
  /** Most bytes of slot trees kept in memory (default 64 MiB). */
  readonly treeCacheBytes?: number;
}

/** Downloads, stores, proves and forgets slot data. */
export class SlotData {
  private readonly params: ProofParams;
  private readonly hash: HashFn;
  private readonly budget: number;
  private readonly trees = new Map<string, PackedTree>();
  private treeBytes = 0;
  private readonly roots = new Map<RequestId, PackedTree>();
  private readonly downloads: Semaphore;

  constructor(private readonly options: SlotDataOptions) {
    this.params = options.proofParams ?? defaultProofParams;
    this.hash = options.hash ?? sha256Hash;
    this.budget = options.treeCacheBytes ?? 64 << 20;
    this.downloads = new Semaphore(options.timings.maxConcurrentDownloads);
  }

  /** onStore: fetch, write and account every batch, then verify the slot root. */
  readonly store: OnStore = async (input, onBatch, signal) => {
    await this.downloads.acquire(signal);
    try {
      await this.download(input, onBatch, signal);
    } finally {
      this.downloads.release();
    }
  };

  private async download(...[input, onBatch, signal]: Parameters<OnStore>): Promise<void> {
    const { dataSource, repo, timings } = this.options;
    const { requestId, request, slotIndex, reservation } = input;
    const rootTree = await abortable(this.slotRoots(requestId, request), signal);
    const builder = new SlotTreeBuilder(this.params, this.hash);
    const size = request.ask.slotSize;
    const batch = BigInt(timings.downloadBatchBytes);
    for (let offset = 0n; offset < size; offset += batch) {
      signal.throwIfAborted();
      const length = Number(size - offset < batch ? size - offset : batch);
      const bytes = await abortable(dataSource.fetchSlotData(requestId, slotIndex, offset, length), signal);
      if (bytes.length !== length) {
        throw new Error(`data source sent ${bytes.length} bytes of slot ${slotIndex} at ${offset}, expected ${length}`);
      }
      signal.throwIfAborted();
      await repo.writeSlotData(reservation.id, Number(offset), bytes);
      // Written, so accounted at once: no abort check between the write and its release.
      onBatch(BigInt(bytes.length));
      builder.append(bytes);
    }
    const tree = PackedTree.fromSlotTree(builder.finish());
    const expected = rootTree.leaf(Number(slotIndex));
    if (expected === undefined || !bytesEqual(tree.root, expected)) throw slotRootMismatch(slotIndex);
    this.remember(reservation.id, tree);
  }

  /** onProve: answer the challenge from the bytes in the repo. */
  readonly prove: OnProve = async (slot, challenge) => this.buildProof(slot, challenge);

  /** Drops the cached tree of data that is about to be deleted. */
  forget(key: string): void {
    const tree = this.trees.get(key);
    if (tree === undefined) return;
    this.trees.delete(key);
    this.treeBytes -= tree.byteLength;
  }

  private async buildProof(slot: ProveSlotInput, challenge: ProofChallenge): Promise<Proof> {
    const key = slot.reservation?.id;
    if (key === undefined) throw slotDataMissing(`slot ${slot.slotId} (it has no reservation)`);
    const { request, requestId, slotIndex } = slot;
    const tree = await this.tree(key, request.ask.slotSize);
    const rootTree = await this.slotRoots(requestId, request);
    const indices = challengedCells(hexToBytes(challenge), tree.leafCount, this.params.samples, this.hash);
    const cells = [];
    for (const index of indices) {
      const [start, end] = cellRange(index, request.ask.slotSize, this.params.cellSize);
      const data = await this.options.repo.readSlotData(key, Number(start), Number(end - start));
      cells.push({ index, data, path: tree.path(index) });
    }
    return { slotRoot: tree.root, slotRootPath: rootTree.path(Number(slotIndex)), cells };
  }

  private async tree(key: string, slotSize: bigint): Promise<PackedTree> {
    const cached = this.trees.get(key);
    if (cached !== undefined) {
      // Refresh its place in the LRU order.
      this.trees.delete(key);
      this.trees.set(key, cached);
      return cached;
    }
    const { repo, timings } = this.options;
    if (repo.slotDataSize(key) !== slotSize) throw slotDataMissing(key);
    const builder = new SlotTreeBuilder(this.params, this.hash);
    for (let offset = 0; offset < slotSize; offset += timings.downloadBatchBytes) {
      builder.append(await repo.readSlotData(key, offset, timings.downloadBatchBytes));
    }
    const tree = PackedTree.fromSlotTree(builder.finish());
    this.remember(key, tree);
    return tree;
  }

  private remember(key: string, tree: PackedTree): void {
    this.forget(key);
    this.trees.set(key, tree);
    this.treeBytes += tree.byteLength;
    for (const [oldest, old] of this.trees) {
      if (this.treeBytes <= this.budget || oldest === key) break;
      this.trees.delete(oldest);
      this.treeBytes -= old.byteLength;
    }
  }

  /** The tree over the request's slot roots, checked against content.merkleRoot. */
  private async slotRoots(requestId: RequestId, request: StorageRequest): Promise<PackedTree> {
    const cached = this.roots.get(requestId);
    if (cached !== undefined) return cached;
    const slotRoots = await this.options.dataSource.fetchSlotRoots(requestId);
    if (BigInt(slotRoots.length) !== request.ask.slots) {
      throw new Error(`data source gave ${slotRoots.length} slot roots for a request of ${request.ask.slots} slots`);
    }
    if (!bytesEqual(datasetRoot(slotRoots, this.hash), hexToBytes(request.content.merkleRoot))) {
      throw new Error(`the slot roots the data source gave do not match request ${requestId}'s content root`);
    }
    const tree = PackedTree.fromLeaves(slotRoots, this.hash);
    if (this.roots.size >= 256) this.roots.delete(this.roots.keys().next().value!);
    this.roots.set(requestId, tree);
    return tree;
  }
}

/** At most `limit` holders at once; waiters leave the line when their signal aborts. */
class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.held < this.limit) {
      this.held++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', leave);
        resolve();
      };
      const leave = (): void => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(signal.reason);
      };
      this.waiting.push(grant);
      signal.addEventListener('abort', leave, { once: true });
    });
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `held` stays the same.
    if (next !== undefined) next();
    else this.held--;
  }
}

/** Settles with `work`, or rejects as soon as the sale moves on: a stalled fetch must not hold a state machine. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
