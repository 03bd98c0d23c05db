// What the slot code needs from a hasher, so it runs the same on the worker pool (the app) and on
// the calling thread (tools, small tests). Failures are values, never exceptions. A job may say how
// urgent it is (HashPriority): the pool serves a held slot's proof before onboarding, because a
// late proof is slashed while a slower onboarding costs nothing. Hashers on the calling thread have
// no queue and ignore it.

/** Why hashing gave no result. */
export interface HashFailure {
  readonly kind: 'aborted' | 'worker-failed' | 'invalid-input' | 'closed';
  readonly message: string;
}

/** A value or the reason there is none. */
export type HashResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: HashFailure };

/**
 * Who waits for a hashing job, most urgent first: the proof of a slot the host holds, the proof of
 * a slot it is filling, onboarding a downloaded slot, the simulated clients hashing their datasets.
 */
export type HashPriority = 'held-proof' | 'filling-proof' | 'onboarding' | 'client';

/** Every priority, most urgent first (the order the pool serves its queues in). */
export const HASH_PRIORITIES: readonly HashPriority[] = ['held-proof', 'filling-proof', 'onboarding', 'client'];

/** The priority of a job that names none. */
export const DEFAULT_HASH_PRIORITY: HashPriority = 'onboarding';

/** Hashes blocks and keyed trees with Codex's Poseidon2. */
export interface BlockHasher {
  /** The roots (32 bytes each, concatenated) of blocks of up to 64 KiB each; shorter ones read as zero-padded. */
  blockRoots(
    blocks: readonly Uint8Array[],
    signal?: AbortSignal,
    priority?: HashPriority,
  ): Promise<HashResult<Uint8Array>>;
  /** The 63 nodes of one block's tree: 32 cell hashes, then 16, 8, 4, 2 and the root. */
  blockTree(block: Uint8Array, signal?: AbortSignal, priority?: HashPriority): Promise<HashResult<Uint8Array>>;
  /** Every layer of the keyed tree over 32-byte leaves (canonical field elements), leaves first. */
  treeLayers(leaves: Uint8Array, signal?: AbortSignal, priority?: HashPriority): Promise<HashResult<Uint8Array[]>>;
}

/**
 * `hasher` with every job at `priority`, whatever its callers pass: the slot code stays unaware of
 * priorities, and whoever hands it a hasher decides how urgent its work is.
 */
export function prioritized(hasher: BlockHasher, priority: HashPriority): BlockHasher {
  return {
    blockRoots: (blocks, signal) => hasher.blockRoots(blocks, signal, priority),
    blockTree: (block, signal) => hasher.blockTree(block, signal, priority),
    treeLayers: (leaves, signal) => hasher.treeLayers(leaves, signal, priority),
  };
}

/** The failure for an aborted signal. */
export function abortedFailure(): HashFailure {
  return { kind: 'aborted', message: 'hashing was cancelled' };
}
