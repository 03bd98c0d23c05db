// The proof-system port. The engine treats a proof as opaque: it asks the proof system to check a
// dataset's roots before downloading, to verify a downloaded slot against the request, and to build
// the proof for a challenge. Proof systems live outside the engine (src-main/proofs/) because they
// need files, workers and wasm; docs/architecture.md lists them.
import type { ProofChallenge, RequestId, SlotId, StorageRequest } from './market';
import type { Proof } from './proof';

/** What a dataset's manifest commits to: every slot's root and the root over them (32 bytes each). */
export interface DatasetRoots {
  /** Slot roots in slot order, as the manifest lists them. */
  readonly slotRoots: readonly Uint8Array[];
  /** The root of the tree over the slot roots (Codex's verifyRoot). */
  readonly verifyRoot: Uint8Array;
}

/** A slot whose data is (or is being) stored under `dataKey` in the repo. */
export interface ProvableSlot {
  readonly requestId: RequestId;
  readonly request: StorageRequest;
  readonly slotIndex: bigint;
  readonly slotId: SlotId;
  /** Where the slot's bytes are in the repo (the reservation id). */
  readonly dataKey: string;
}

/** How far the proof system is in getting what it needs (e.g. downloading circuit files). */
export interface ProofReadinessProgress {
  readonly phase: 'downloading' | 'installing';
  readonly bytesDone: number;
  /** Undefined until the size is known. */
  readonly bytesTotal?: number;
}

/** Whether a proof system can prove on its market now; when not, why and what to do (and how far it got). */
export type ProofReadiness =
  | { readonly ready: true }
  | { readonly ready: false; readonly reason: string; readonly progress?: ProofReadinessProgress };

/**
 * What a proof is for: a slot the host holds (late, it is slashed and in the end freed) or the
 * initial proof of a slot it is filling (late, the slot is lost). Proof systems that share their
 * work with onboarding serve 'held' first, then 'filling', then onboarding.
 */
export type ProofPurpose = 'held' | 'filling';

/** Checks slot data against what a request commits to, and proves it is still stored. */
export interface ProofSystem {
  /** The scheme of the proofs this system makes (Proof.scheme). */
  readonly scheme: string;
  /** Can it prove now (e.g. circuit files present)? Selling is refused while it cannot. */
  readiness(): Promise<ProofReadiness>;
  /** Calls `listener` whenever readiness may have changed (a download progressed or ended); returns the unsubscribe function. */
  onReadinessChange?(listener: () => void): () => void;
  /**
   * Before a download: do the dataset's roots belong to this request (the tree over the slot roots
   * is the verify root, and that is the request's content.merkleRoot)? Throws SlotDataRejectedError.
   */
  checkDataset(request: StorageRequest, dataset: DatasetRoots): Promise<void>;
  /**
   * After a download: does the stored slot hash to its root in `dataset`? Keeps what proving needs
   * beside the data, so proofs never rebuild the slot from scratch. Throws SlotDataRejectedError.
   */
  verifySlot(slot: ProvableSlot, dataset: DatasetRoots, signal: AbortSignal): Promise<void>;
  /** The proof answering `challenge`, from the stored slot, as urgent as `purpose` says (absent: 'held'). */
  prove(slot: ProvableSlot, challenge: ProofChallenge, signal: AbortSignal, purpose?: ProofPurpose): Promise<Proof>;
  /** A proof the market rejects, for Codex's --simulate-proof-failures. */
  invalidProof(): Proof;
  /** Drops what verifySlot kept for a slot whose data is being deleted. */
  forget(dataKey: string): Promise<void>;
}

/** Slot data, or a dataset's roots, do not match what the request commits to. */
export class SlotDataRejectedError extends Error {
  override readonly name = 'SlotDataRejectedError';
  constructor(
    readonly slotIndex: bigint,
    reason: string,
  ) {
    super(`Data of slot ${slotIndex} was rejected: ${reason}`);
  }
}
