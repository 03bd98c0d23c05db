// What the devnet's simulated clients serve: the datasets of the requests they posted. Their peer
// (client-peer.ts) serves them over the block exchange; this class is also the in-process shortcut
// a host may read them through instead (the devnet backend's `content: 'in-process'`, which is the
// one that can repair). A request nobody here posted, or one whose client stopped serving it, is
// ContentUnavailableError, as an unreachable dataset is on the network.
import {
  ContentUnavailableError,
  type RequestId,
  type SlotDataset,
  type SlotDataSource,
  type WantedSlot,
} from '../../engine/index';
import { hexlify as hex } from 'ethers';
import type { Dataset } from './dataset';

/** The devnet clients' datasets as a SlotDataSource. */
export class DevnetContent implements SlotDataSource {
  readonly canRepair = true;
  readonly #datasets = new Map<RequestId, Dataset>();
  /** hex(tree CID) and hex(manifest CID) → request, for the peer. */
  readonly #byTree = new Map<string, RequestId>();
  readonly #byManifest = new Map<string, RequestId>();
  /** Requests whose client stopped serving (a scenario's "content unavailable"). */
  readonly unavailable = new Set<RequestId>();

  /** A client posted `requestId` and serves its dataset from now on. */
  serve(requestId: RequestId, dataset: Dataset): void {
    this.#datasets.set(requestId, dataset);
    this.#byTree.set(hex(dataset.layout.treeCid), requestId);
    this.#byManifest.set(hex(dataset.layout.manifest.cid), requestId);
  }

  /** The served dataset whose SHA-256 tree has this CID, unless its client stopped serving it. */
  servedTree(treeCid: Uint8Array): Dataset | undefined {
    return this.#available(this.#byTree.get(hex(treeCid)));
  }

  /** The served dataset whose manifest has this CID, unless its client stopped serving it. */
  servedManifest(cid: Uint8Array): Dataset | undefined {
    return this.#available(this.#byManifest.get(hex(cid)));
  }

  #available(requestId: RequestId | undefined): Dataset | undefined {
    if (requestId === undefined || this.unavailable.has(requestId)) return undefined;
    return this.#datasets.get(requestId);
  }

  /** The dataset a client serves for `requestId`, if any. */
  datasetOf(requestId: RequestId): Dataset | undefined {
    return this.#datasets.get(requestId);
  }

  async dataset(slot: WantedSlot): Promise<SlotDataset> {
    const dataset = this.#served(slot.requestId);
    if (slot.slotIndex < 0n || slot.slotIndex >= BigInt(dataset.slotRoots.length))
      throw new ContentUnavailableError(slot.requestId, `it has no slot ${slot.slotIndex}`);
    return {
      slotRoots: dataset.slotRoots,
      verifyRoot: dataset.verifyRoot,
      blockCount: dataset.blocksPerSlot,
      fetchBlocks: async (indices, sink, signal) => {
        for (const index of indices) {
          signal.throwIfAborted();
          this.#served(slot.requestId);
          if (!Number.isInteger(index) || index < 0 || index >= dataset.blocksPerSlot)
            throw new ContentUnavailableError(slot.requestId, `slot ${slot.slotIndex} has no block ${index}`);
          await sink.put(index, dataset.block(slot.slotIndex, index));
        }
      },
    };
  }

  #served(requestId: RequestId): Dataset {
    if (this.unavailable.has(requestId)) throw new ContentUnavailableError(requestId, 'the client stopped serving it');
    const dataset = this.#datasets.get(requestId);
    if (!dataset) throw new ContentUnavailableError(requestId, 'no devnet client serves it');
    return dataset;
  }
}
