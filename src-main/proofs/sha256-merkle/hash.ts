// The one hash function of the SHA-256 Merkle scheme: node:crypto's SHA-256 (proof systems live
// outside the pure engine, so they may use Node's native crypto).
import { createHash } from 'node:crypto';

/** A 32-byte digest of `data`. */
export type HashFn = (data: Uint8Array) => Uint8Array;

/** SHA-256 from node:crypto. */
export const sha256Hash: HashFn = (data) => createHash('sha256').update(data).digest();
