// What the slot code needs from a hasher, so it runs the same on the worker pool (the app) and on
// the calling thread (tools, small tests). Failures are values, never exceptions.

/** Why hashing gave no result. */
export interface HashFailure {
  readonly kind: 'aborted' | 'worker-failed' | 'invalid-input' | 'closed';
  readonly message: string;
}

/** A value or the reason there is none. */
export type HashResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: HashFailure };

/** Hashes blocks and keyed trees with Codex's Poseidon2. */
export interface BlockHasher {
  /** The roots (32 bytes each, concatenated) of blocks of up to 64 KiB each; shorter ones read as zero-padded. */
  blockRoots(blocks: readonly Uint8Array[], signal?: AbortSignal): Promise<HashResult<Uint8Array>>;
  /** The 63 nodes of one block's tree: 32 cell hashes, then 16, 8, 4, 2 and the root. */
  blockTree(block: Uint8Array, signal?: AbortSignal): Promise<HashResult<Uint8Array>>;
  /** Every layer of the keyed tree over 32-byte leaves (canonical field elements), leaves first. */
  treeLayers(leaves: Uint8Array, signal?: AbortSignal): Promise<HashResult<Uint8Array[]>>;
}

/** The failure for an aborted signal. */
export function abortedFailure(): HashFailure {
  return { kind: 'aborted', message: 'hashing was cancelled' };
}
