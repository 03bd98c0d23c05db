// The slot-data-source port: where a host gets the bytes of a slot it sells (the Codex network's
// role). Every market uses Codex's slot layout (docs/architecture.md): a slot is a run of 64 KiB
// blocks of the dataset, padded with zero blocks to a power of two; the data source finds the
// dataset's manifest and delivers the slot's blocks, the engine writes and accounts them.
import type { RequestId, StorageRequest } from './market';
import type { DatasetRoots } from './proof-system';

/** Bytes per block: the network's unit and the unit a slot is stored and fetched in. */
export const BLOCK_SIZE = 65_536;

/** The slot of a request whose data is wanted. */
export interface WantedSlot {
  readonly requestId: RequestId;
  readonly request: StorageRequest;
  readonly slotIndex: bigint;
}

/** Receives a slot's blocks as they arrive, in any order. */
export interface BlockSink {
  /**
   * Stores block `index` of the slot (0-based within the slot). `bytes` is BLOCK_SIZE long, or empty
   * for an empty block of the dataset (it reads as zeros). Resolves once written and accounted.
   */
  put(index: number, bytes: Uint8Array): Promise<void>;
}

/** A request's dataset as its manifest describes it, ready to fetch one slot's blocks. */
export interface SlotDataset extends DatasetRoots {
  /** Blocks of the slot that come from the dataset; the rest up to slotSize / BLOCK_SIZE are zero padding. */
  readonly blockCount: number;
  /** Fetches the given block indices of the slot into `sink`; rejects with ContentUnavailableError when it cannot. */
  fetchBlocks(indices: readonly number[], sink: BlockSink, signal: AbortSignal): Promise<void>;
}

/** Finds datasets and fetches slots. */
export interface SlotDataSource {
  /** Repair slots need the whole dataset decoded; a source that cannot do that says false. */
  readonly canRepair: boolean;
  /** The dataset behind the request's content (its manifest), for fetching `slot`. */
  dataset(slot: WantedSlot, signal: AbortSignal): Promise<SlotDataset>;
}

/** The data source could not serve the content (gone, unreachable or never existed). */
export class ContentUnavailableError extends Error {
  override readonly name = 'ContentUnavailableError';
  constructor(
    readonly requestId: RequestId,
    reason: string,
  ) {
    super(`Content of request ${requestId} is unavailable: ${reason}`);
  }
}
