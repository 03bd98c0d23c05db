// SHA-256 from node:crypto: the same digest as the engine's pure sha256Hash, many times faster,
// for the simulator's bulk work (building slot trees of generated content, verifying proofs).
import { createHash } from 'node:crypto';
import type { HashFn } from '../../engine/index';

/** SHA-256 via node:crypto. */
export const nodeSha256: HashFn = (data) => createHash('sha256').update(data).digest();
