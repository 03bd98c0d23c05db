// The slot-data-source port as the integrator's draft declares it (engine/ports/slot-data-source.ts,
// not yet on main). Restated structurally here so this folder builds today; once the port lands,
// these become re-exports of the engine's types and nothing else changes.
import type { RequestId, StorageRequest } from '../../engine/index';

/** The slot of a request whose data is wanted. */
export interface WantedSlot {
  readonly requestId: RequestId;
  readonly request: StorageRequest;
  readonly slotIndex: bigint;
}

/** Receives a slot's blocks as they arrive, in any order. */
export interface BlockSink {
  /** Stores block `index` of the slot; `bytes` is 64 KiB, or empty for an empty block. */
  put(index: number, bytes: Uint8Array): Promise<void>;
}

/** A request's dataset as its manifest describes it, ready to fetch one slot's blocks. */
export interface SlotDataset {
  readonly slotRoots: readonly Uint8Array[];
  readonly verifyRoot: Uint8Array;
  /** Blocks of the slot that come from the dataset; the rest up to slotSize / 64 KiB are zero padding. */
  readonly blockCount: number;
  fetchBlocks(indices: readonly number[], sink: BlockSink, signal: AbortSignal): Promise<void>;
}

/** Finds datasets and fetches slots. */
export interface SlotDataSource {
  readonly canRepair: boolean;
  dataset(slot: WantedSlot, signal: AbortSignal): Promise<SlotDataset>;
}
