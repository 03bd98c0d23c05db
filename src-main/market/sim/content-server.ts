// Serves the datasets of requests the simulated clients posted, in process (the embedded market's
// shortcut for the Codex network): the manifest's roots, and a slot's dataset blocks on demand.
// A client hashes its content once, when it posts; the manifest is kept in memory and in the
// chain's database, so neither a later download nor a restart hashes it again.
import {
  type BlockSink,
  ContentUnavailableError,
  type RequestId,
  type SlotDataset,
  type SlotDataSource,
  type StorageRequest,
  type WantedSlot,
} from '../../engine/index';
import type { BlockHasher } from '../../proofs/codex/index';
import { contentBlock, datasetShape } from './content';
import { buildManifest, merkleRootHex, type SimManifest } from './manifest';

/** Where manifests outlive the process (the chain's database). */
export interface ManifestStore {
  saveManifest(requestId: RequestId, manifest: SimManifest): void;
  loadManifest(requestId: RequestId): SimManifest | undefined;
}

/** Manifests kept in memory; the rest are read back from the store. */
const CACHED_MANIFESTS = 256;

/** The simulated clients' content, as a SlotDataSource. */
export class ContentServer implements SlotDataSource {
  readonly canRepair = true;
  private readonly manifests = new Map<RequestId, SimManifest>();
  private readonly rebuilding = new Map<RequestId, Promise<SimManifest>>();
  /** Test hook: requests whose content cannot be fetched. */
  readonly unavailable = new Set<RequestId>();

  constructor(
    private readonly chainSeed: string,
    private readonly lookup: (requestId: RequestId) => StorageRequest | undefined,
    private readonly serves: (request: StorageRequest) => boolean,
    private readonly hasher: BlockHasher,
    private readonly store?: ManifestStore,
  ) {}

  async dataset(slot: WantedSlot): Promise<SlotDataset> {
    const { requestId, slotIndex } = slot;
    const request = this.served(requestId);
    if (slotIndex < 0n || slotIndex >= request.ask.slots)
      throw new ContentUnavailableError(requestId, `it has no slot ${slotIndex}`);
    const manifest = await this.manifest(requestId);
    const layout = datasetShape(request);
    if (!layout.ok) throw new ContentUnavailableError(requestId, layout.message);
    return {
      slotRoots: manifest.slotRoots,
      verifyRoot: manifest.verifyRoot,
      blockCount: manifest.blocksPerSlot,
      fetchBlocks: async (indices: readonly number[], sink: BlockSink, signal: AbortSignal) => {
        for (const index of indices) {
          signal.throwIfAborted();
          this.served(requestId);
          if (!Number.isInteger(index) || index < 0 || index >= manifest.blocksPerSlot)
            throw new ContentUnavailableError(requestId, `slot ${slotIndex} has no dataset block ${index}`);
          await sink.put(index, contentBlock(this.chainSeed, request, layout.shape, Number(slotIndex), index));
        }
      },
    };
  }

  /** The slot roots of every slot of the request, in slot order. */
  async slotRoots(requestId: RequestId): Promise<readonly Uint8Array[]> {
    return (await this.manifest(requestId)).slotRoots;
  }

  /** What a client hashes before it posts: the manifest of the content a request with this nonce and ask gets. */
  build(request: Pick<StorageRequest, 'nonce' | 'ask'>, signal?: AbortSignal): Promise<SimManifest> {
    return buildManifest(this.chainSeed, request, this.hasher, signal);
  }

  /** Keeps the manifest of a request just posted. */
  remember(requestId: RequestId, manifest: SimManifest): void {
    this.store?.saveManifest(requestId, manifest);
    this.cache(requestId, manifest);
  }

  /** The request's manifest: kept, stored, or hashed again from the content (once, however many ask). */
  private async manifest(requestId: RequestId): Promise<SimManifest> {
    const kept = this.manifests.get(requestId) ?? this.store?.loadManifest(requestId);
    if (kept) return this.cache(requestId, kept);
    let pending = this.rebuilding.get(requestId);
    if (!pending) {
      pending = this.rebuild(requestId).finally(() => this.rebuilding.delete(requestId));
      this.rebuilding.set(requestId, pending);
    }
    return pending;
  }

  private async rebuild(requestId: RequestId): Promise<SimManifest> {
    const request = this.served(requestId);
    let manifest: SimManifest;
    try {
      manifest = await this.build(request);
    } catch (error) {
      throw new ContentUnavailableError(requestId, error instanceof Error ? error.message : String(error));
    }
    // Content an older Slotkeeper posted (another slot layout) does not hash to its merkleRoot.
    if (merkleRootHex(manifest) !== request.content.merkleRoot.toLowerCase())
      throw new ContentUnavailableError(
        requestId,
        'its content was posted in a layout this simulator no longer serves',
      );
    this.remember(requestId, manifest);
    return manifest;
  }

  private cache(requestId: RequestId, manifest: SimManifest): SimManifest {
    this.manifests.delete(requestId);
    this.manifests.set(requestId, manifest);
    if (this.manifests.size > CACHED_MANIFESTS) this.manifests.delete(this.manifests.keys().next().value!);
    return manifest;
  }

  private served(requestId: RequestId): StorageRequest {
    if (this.unavailable.has(requestId)) throw new ContentUnavailableError(requestId, 'the client stopped serving it');
    const request = this.lookup(requestId);
    if (!request) throw new ContentUnavailableError(requestId, 'no such request on the market');
    if (!this.serves(request)) throw new ContentUnavailableError(requestId, 'no simulated client serves it');
    return request;
  }
}
