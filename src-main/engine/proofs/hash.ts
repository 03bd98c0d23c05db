// The one hash function of the proof scheme. Kept alone in this file so it can be swapped: ethers'
// sha256 is pure JavaScript (no node: built-ins), which keeps the engine portable. Anything that
// computes the same SHA-256 digest (e.g. node:crypto in the simulator, for speed) may be passed instead.
import { getBytes, sha256 } from 'ethers';

/** A 32-byte digest of `data`. */
export type HashFn = (data: Uint8Array) => Uint8Array;

/** SHA-256, pure JavaScript. */
export const sha256Hash: HashFn = (data) => getBytes(sha256(data));
