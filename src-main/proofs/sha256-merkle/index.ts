// The SHA-256 Merkle scheme: Merkle trees and storage proofs over slot data. The host builds proofs
// from stored bytes; the embedded market verifies them against the request's content root.
export * from './types';
export * from './hash';
export * from './bytes';
export * from './merkle';
export * from './slot-tree';
export * from './storage-proof';
export { PackedTree } from './packed-tree';
export { Sha256MerkleProofSystem, type Sha256MerkleOptions } from './proof-system';
