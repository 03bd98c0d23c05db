// The SHA-256 Merkle scheme as a ProofSystem (engine/ports/proof-system.ts): slot data is checked
// against the slot root the dataset commits to, and a proof shows the challenged cells with their
// paths. Slot trees are cached within a byte budget and rebuilt from the repo on a miss (after a
// restart, or when evicted); slot roots come from the data source's dataset again on a miss.
import {
  type DatasetRoots,
  type ProofChallenge,
  type ProofReadiness,
  type ProofSystem,
  type ProvableSlot,
  type Repo,
  type RequestId,
  SlotDataRejectedError,
  type StorageRequest,
} from '../../engine/index';
import { hexToBytes } from './bytes';
import { sha256Hash } from './hash';
import { bytesEqual } from './merkle';
import { PackedTree } from './packed-tree';
import { cellRange, SlotTreeBuilder } from './slot-tree';
import { challengedCells, datasetRoot } from './storage-proof';
import { defaultProofParams, SHA256_MERKLE_SCHEME, type ProofParams, type StorageProof } from './types';

/** How the scheme reads slot data and finds a request's slot roots again. */
export interface Sha256MerkleOptions {
  readonly repo: Repo;
  /** The dataset's slot roots, for proving a slot verified before a restart. */
  readonly slotRoots: (requestId: RequestId, request: StorageRequest) => Promise<readonly Uint8Array[]>;
  /** Must match the market's verifier. */
  readonly params?: ProofParams;
  /** Most bytes of slot trees kept in memory (default 64 MiB). */
  readonly treeCacheBytes?: number;
  /** Bytes read from the repo at a time while hashing a slot (default 1 MiB). */
  readonly readBytes?: number;
}

/** Proofs of the SHA-256 Merkle scheme from slot data in the repo. */
export class Sha256MerkleProofSystem implements ProofSystem {
  readonly scheme = SHA256_MERKLE_SCHEME;
  private readonly params: ProofParams;
  private readonly budget: number;
  private readonly readBytes: number;
  private readonly trees = new Map<string, PackedTree>();
  private treeBytes = 0;
  private readonly rootTrees = new Map<RequestId, PackedTree>();

  constructor(private readonly options: Sha256MerkleOptions) {
    this.params = options.params ?? defaultProofParams;
    this.budget = options.treeCacheBytes ?? 64 << 20;
    this.readBytes = options.readBytes ?? 1 << 20;
  }

  async readiness(): Promise<ProofReadiness> {
    return { ready: true };
  }

  async checkDataset(request: StorageRequest, dataset: DatasetRoots): Promise<void> {
    this.rootTree(request, dataset, 0n);
  }

  async verifySlot(slot: ProvableSlot, dataset: DatasetRoots, signal: AbortSignal): Promise<void> {
    const rootTree = this.rootTree(slot.request, dataset, slot.slotIndex);
    const tree = await this.buildTree(slot.dataKey, slot.request.ask.slotSize, signal);
    const expected = rootTree.leaf(Number(slot.slotIndex));
    if (expected === undefined || !bytesEqual(tree.root, expected)) {
      throw new SlotDataRejectedError(slot.slotIndex, 'its root differs from the slot root the dataset commits to');
    }
    this.rootTrees.set(slot.requestId, rootTree);
    this.remember(slot.dataKey, tree);
  }

  async prove(slot: ProvableSlot, challenge: ProofChallenge, signal: AbortSignal): Promise<StorageProof> {
    const { repo } = this.options;
    const { request, requestId, slotIndex, dataKey } = slot;
    const tree = this.cachedTree(dataKey) ?? (await this.rebuild(dataKey, request.ask.slotSize, signal));
    const rootTree = this.rootTrees.get(requestId) ?? (await this.slotRootsAgain(requestId, request, slotIndex));
    const indices = challengedCells(hexToBytes(challenge), tree.leafCount, this.params.samples);
    const cells = [];
    for (const index of indices) {
      const [start, end] = cellRange(index, request.ask.slotSize, this.params.cellSize);
      const data = await repo.readSlotData(dataKey, Number(start), Number(end - start));
      cells.push({ index, data, path: tree.path(index) });
    }
    signal.throwIfAborted();
    return { scheme: SHA256_MERKLE_SCHEME, slotRoot: tree.root, slotRootPath: rootTree.path(Number(slotIndex)), cells };
  }

  invalidProof(): StorageProof {
    return { scheme: SHA256_MERKLE_SCHEME, slotRoot: new Uint8Array(32), slotRootPath: [], cells: [] };
  }

  async forget(dataKey: string): Promise<void> {
    this.drop(dataKey);
  }

  private drop(key: string): void {
    const tree = this.trees.get(key);
    if (tree === undefined) return;
    this.trees.delete(key);
    this.treeBytes -= tree.byteLength;
  }

  /** The tree over the dataset's slot roots, checked against the verify root and the request's content root. */
  private rootTree(request: StorageRequest, dataset: DatasetRoots, slotIndex: bigint): PackedTree {
    const { slotRoots, verifyRoot } = dataset;
    if (BigInt(slotRoots.length) !== request.ask.slots) {
      throw new SlotDataRejectedError(
        slotIndex,
        `the dataset has ${slotRoots.length} slots, the request ${request.ask.slots}`,
      );
    }
    const root = datasetRoot([...slotRoots]);
    if (!bytesEqual(root, verifyRoot))
      throw new SlotDataRejectedError(slotIndex, 'its slot roots do not make its verify root');
    if (!bytesEqual(root, hexToBytes(request.content.merkleRoot))) {
      throw new SlotDataRejectedError(
        slotIndex,
        'the dataset is not the one the request commits to (content.merkleRoot)',
      );
    }
    return PackedTree.fromLeaves([...slotRoots], sha256Hash);
  }

  private async slotRootsAgain(requestId: RequestId, request: StorageRequest, slotIndex: bigint): Promise<PackedTree> {
    const slotRoots = await this.options.slotRoots(requestId, request);
    const tree = this.rootTree(request, { slotRoots, verifyRoot: datasetRoot([...slotRoots]) }, slotIndex);
    if (this.rootTrees.size >= 256) this.rootTrees.delete(this.rootTrees.keys().next().value!);
    this.rootTrees.set(requestId, tree);
    return tree;
  }

  private cachedTree(key: string): PackedTree | undefined {
    const cached = this.trees.get(key);
    if (cached === undefined) return undefined;
    // Refresh its place in the LRU order.
    this.trees.delete(key);
    this.trees.set(key, cached);
    return cached;
  }

  private async rebuild(key: string, slotSize: bigint, signal: AbortSignal): Promise<PackedTree> {
    if (this.options.repo.slotDataSize(key) !== slotSize) {
      throw new Error(`Slot data ${key} is missing or incomplete in the repo; it cannot be proven`);
    }
    const tree = await this.buildTree(key, slotSize, signal);
    this.remember(key, tree);
    return tree;
  }

  private async buildTree(key: string, slotSize: bigint, signal: AbortSignal): Promise<PackedTree> {
    const builder = new SlotTreeBuilder(this.params, sha256Hash);
    const size = Number(slotSize);
    for (let offset = 0; offset < size; offset += this.readBytes) {
      signal.throwIfAborted();
      const bytes = await this.options.repo.readSlotData(key, offset, Math.min(this.readBytes, size - offset));
      // A slot stored short (its end never delivered) hashes as zeros there, so it fails the root check.
      builder.append(bytes);
      if (bytes.length < Math.min(this.readBytes, size - offset)) {
        builder.append(new Uint8Array(Math.min(this.readBytes, size - offset) - bytes.length));
      }
    }
    return PackedTree.fromSlotTree(builder.finish());
  }

  private remember(key: string, tree: PackedTree): void {
    this.drop(key);
    this.trees.set(key, tree);
    this.treeBytes += tree.byteLength;
    for (const [oldest, old] of this.trees) {
      if (this.treeBytes <= this.budget || oldest === key) break;
      this.trees.delete(oldest);
      this.treeBytes -= old.byteLength;
    }
  }
}
