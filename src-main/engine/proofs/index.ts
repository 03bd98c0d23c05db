// Merkle trees and storage proofs over slot data: the host builds proofs from stored bytes, the
// marketplace verifies them against the request's content root.
export * from './types';
export * from './hash';
export * from './bytes';
export * from './merkle';
export * from './slot-tree';
export * from './storage-proof';
