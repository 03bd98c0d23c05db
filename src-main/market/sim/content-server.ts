// The datasets of requests the simulated clients posted. The clients' peer (market/clients/
// client-peer.ts) serves them over the block exchange, found by manifest or tree CID; as a
// SlotDataSource this class is also the in-process shortcut a host may read them through instead
// (the sim backend's `content: 'in-process'`, which can repair). A client hashes its content once,
// when it posts; the manifest is kept in memory and in the chain's database, so neither a later
// download nor a restart hashes it again (the SHA-256 tree is cheap and laid out again on demand).
import {
  type BlockSink,
  ContentUnavailableError,
  type RequestId,
  type SlotDataset,
  type SlotDataSource,
  type StorageRequest,
  type WantedSlot,
} from '../../engine/index';
import { hexlify } from 'ethers';
import type { BlockHasher } from '../../proofs/codex/index';
import type { ClientDatasets, ServedDataset } from '../clients/client-peer';
import type { NetworkLayout } from '../clients/layout';
import { contentBlock, datasetShape } from './content';
import { buildManifest, merkleRootHex, type SimManifest } from './manifest';
import { simNetworkLayout } from './network-layout';

/** Where manifests outlive the process (the chain's database). */
export interface ManifestStore {
  saveManifest(requestId: RequestId, manifest: SimManifest): void;
  loadManifest(requestId: RequestId): SimManifest | undefined;
}

/** Manifests kept in memory; the rest are read back from the store. */
const CACHED_MANIFESTS = 256;
/** SHA-256 trees kept in memory; the rest are hashed again when a peer asks. */
const CACHED_LAYOUTS = 64;

/** The simulated clients' content: what their peer serves, and the in-process SlotDataSource. */
export class ContentServer implements SlotDataSource, ClientDatasets {
  readonly canRepair = true;
  private readonly manifests = new Map<RequestId, SimManifest>();
  private readonly layouts = new Map<RequestId, NetworkLayout>();
  /** hex(manifest CID) and hex(tree CID) → request, for the peer. */
  private readonly byManifest = new Map<string, RequestId>();
  private readonly byTree = new Map<string, RequestId>();
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

  /**
   * What a client hashes before it posts: the manifest of the content a request with this nonce
   * and ask gets, with the CID of its verifiable manifest (the request's content.cid).
   */
  async build(
    request: Pick<StorageRequest, 'nonce' | 'ask'>,
    signal?: AbortSignal,
  ): Promise<SimManifest & Required<Pick<SimManifest, 'cid' | 'treeCid'>>> {
    const hashed = await buildManifest(this.chainSeed, request, this.hasher, signal);
    const layout = simNetworkLayout(this.chainSeed, request, hashed);
    return { ...hashed, cid: layout.manifest.cid, treeCid: layout.treeCid };
  }

  /** Keeps the manifest of a request just posted; its client's peer serves it from now on. */
  remember(requestId: RequestId, manifest: SimManifest): void {
    this.store?.saveManifest(requestId, manifest);
    this.cache(requestId, manifest);
    this.index(requestId, manifest.cid, manifest.treeCid);
  }

  /** After a restart: the peer finds the posted requests again by their content.cid (and kept tree CID). */
  indexPosted(requests: Iterable<readonly [RequestId, StorageRequest]>): void {
    for (const [requestId, request] of requests) {
      if (!this.serves(request)) continue;
      this.byManifest.set(request.content.cid.toLowerCase(), requestId);
      const treeCid = this.store?.loadManifest(requestId)?.treeCid;
      if (treeCid) this.byTree.set(hexlify(treeCid), requestId);
    }
  }

  /** The request ended (finished, cancelled, failed): nobody downloads it any more, so its peer stops serving it. */
  forget(requestId: RequestId): void {
    this.manifests.delete(requestId);
    this.layouts.delete(requestId);
    for (const index of [this.byManifest, this.byTree])
      for (const [cid, id] of index) if (id === requestId) index.delete(cid);
  }

  async servedManifest(cid: Uint8Array): Promise<ServedDataset | undefined> {
    const requestId = this.byManifest.get(hexlify(cid));
    return requestId === undefined ? undefined : this.servedDataset(requestId);
  }

  async servedTree(treeCid: Uint8Array): Promise<ServedDataset | undefined> {
    const requestId = this.byTree.get(hexlify(treeCid));
    return requestId === undefined ? undefined : this.servedDataset(requestId);
  }

  /** The request's dataset as its peer serves it; undefined (DontHave) when it cannot be served. */
  private async servedDataset(requestId: RequestId): Promise<ServedDataset | undefined> {
    let request: StorageRequest;
    let manifest: SimManifest;
    try {
      request = this.served(requestId);
      manifest = await this.manifest(requestId);
    } catch (error) {
      if (error instanceof ContentUnavailableError) return undefined;
      throw error;
    }
    const layout = datasetShape(request);
    if (!layout.ok) return undefined;
    let network = this.layouts.get(requestId);
    if (network) this.layouts.delete(requestId);
    else network = simNetworkLayout(this.chainSeed, request, manifest);
    this.layouts.set(requestId, network);
    if (this.layouts.size > CACHED_LAYOUTS) this.layouts.delete(this.layouts.keys().next().value!);
    // Content posted before its client served it over the network has a stand-in content.cid.
    if (hexlify(network.manifest.cid) !== request.content.cid.toLowerCase()) return undefined;
    this.index(requestId, network.manifest.cid, network.treeCid);
    const { shape } = layout;
    return {
      layout: network,
      blocksPerSlot: manifest.blocksPerSlot,
      block: (slotIndex, index) => contentBlock(this.chainSeed, request, shape, Number(slotIndex), index),
    };
  }

  private index(requestId: RequestId, cid: Uint8Array | undefined, treeCid: Uint8Array | undefined): void {
    if (cid) this.byManifest.set(hexlify(cid), requestId);
    if (treeCid) this.byTree.set(hexlify(treeCid), requestId);
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
