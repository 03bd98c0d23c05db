// What the devnet's simulated clients serve: the datasets of the requests they posted, in process
// (the devnet's stand-in for the Codex network). A request nobody here posted, or one whose client
// stopped serving it, is ContentUnavailableError, as an unreachable dataset is on the network.
import {
  ContentUnavailableError,
  type RequestId,
  type SlotDataset,
  type SlotDataSource,
  type WantedSlot,
} from '../../engine/index';
import type { Dataset } from './dataset';

/** The devnet clients' datasets as a SlotDataSource. */
export class DevnetContent implements SlotDataSource {
  readonly canRepair = true;
  readonly #datasets = new Map<RequestId, Dataset>();
  /** Requests whose client stopped serving (a scenario's "content unavailable"). */
  readonly unavailable = new Set<RequestId>();

  /** A client posted `requestId` and serves its dataset from now on. */
  serve(requestId: RequestId, dataset: Dataset): void {
    this.#datasets.set(requestId, dataset);
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
