// Shapes of a storage proof of the SHA-256 Merkle scheme (the embedded market's scheme until it
// adopts Codex's layout, see docs/architecture.md). A proof answers one challenge for one slot: for each challenged cell
// it carries the cell's bytes and its Merkle path to the slot root, and the slot root's path to the
// request's content.merkleRoot, so a verifier needs only the request and the challenge, never the data.
import type { Proof } from '../../engine/index';

/** One challenged cell: its index in the slot, its bytes, and the sibling hashes up to the slot root. */
export interface CellProof {
  index: number;
  data: Uint8Array;
  path: Uint8Array[];
}

/** The Proof.scheme of this proof system. */
export const SHA256_MERKLE_SCHEME = 'sha256-merkle';

/** A storage proof for one slot and one challenge. */
export interface StorageProof extends Proof {
  readonly scheme: typeof SHA256_MERKLE_SCHEME;
  /** Root of the slot's cell tree (32 bytes). */
  slotRoot: Uint8Array;
  /** Sibling hashes from the slot root (leaf number slotIndex) up to content.merkleRoot. */
  slotRootPath: Uint8Array[];
  /** One entry per challenged cell, in the order challengedCells() lists them. */
  cells: CellProof[];
}

/** The fixed parameters of the proof scheme, shared by the prover and every verifier. */
export interface ProofParams {
  /** Bytes per cell; the last cell of a slot may be shorter. */
  cellSize: number;
  /** How many cells one challenge samples. */
  samples: number;
}

/** Codex's own cell size (2 KiB) and a handful of samples per proof. */
export const defaultProofParams: ProofParams = { cellSize: 2048, samples: 5 };
