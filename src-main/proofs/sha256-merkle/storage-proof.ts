// Building and checking a storage proof. The challenge picks which cells must be shown; the proof
// shows them with paths to the slot root, and the slot root with a path to the request's
// content.merkleRoot (the root over all slot roots). A verifier needs the request, never the data.
import type { Proof } from '../../engine/index';
import { hexToBytes } from './bytes';
import { type HashFn, sha256Hash } from './hash';
import { leafHash, merkleLayers, merklePath, merkleRoot, verifyPath } from './merkle';
import { cellCount, cellRange, type SlotTree } from './slot-tree';
import { defaultProofParams, SHA256_MERKLE_SCHEME, type ProofParams, type StorageProof } from './types';

/** The request's content.merkleRoot for these slot roots, in slot order. */
export function datasetRoot(slotRoots: Uint8Array[], hash: HashFn = sha256Hash): Uint8Array {
  return merkleRoot(slotRoots, hash);
}

/** Indices of the cells a challenge asks for: H(challenge ‖ k) mod cellCount for k < samples. */
export function challengedCells(
  challenge: Uint8Array | string,
  cells: number,
  samples: number = defaultProofParams.samples,
  hash: HashFn = sha256Hash,
): number[] {
  const seed = typeof challenge === 'string' ? hexToBytes(challenge) : challenge;
  const buf = new Uint8Array(seed.length + 4);
  buf.set(seed);
  const view = new DataView(buf.buffer);
  const out: number[] = [];
  for (let k = 0; k < samples; k++) {
    view.setUint32(seed.length, k);
    const digest = hash(buf);
    const word = new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0);
    out.push(Number(word % BigInt(cells)));
  }
  return out;
}

/** What a prover needs: the slot's tree, a way to read a cell's bytes, and every slot root. */
export interface ProveInput {
  challenge: Uint8Array | string;
  slotIndex: number;
  slotRoots: Uint8Array[];
  tree: SlotTree;
  readCell: (index: number) => Uint8Array;
  params?: ProofParams;
  hash?: HashFn;
}

/** Build the proof answering `challenge` for one slot. */
export function buildStorageProof(input: ProveInput): StorageProof {
  const params = input.params ?? defaultProofParams;
  const hash = input.hash ?? sha256Hash;
  const indices = challengedCells(input.challenge, input.tree.cellCount, params.samples, hash);
  return {
    scheme: SHA256_MERKLE_SCHEME,
    slotRoot: input.tree.root,
    slotRootPath: merklePath(merkleLayers(input.slotRoots, hash), input.slotIndex),
    cells: indices.map((index) => ({ index, data: input.readCell(index), path: input.tree.path(index) })),
  };
}

/** What a verifier needs: the proof, the challenge, and the request's ask and content root. */
export interface VerifyInput {
  /** Any proof; only this scheme's are checked further. */
  proof: Proof;
  challenge: Uint8Array | string;
  slotIndex: number;
  slots: number;
  slotSize: bigint;
  merkleRoot: Uint8Array | string;
  params?: ProofParams;
  hash?: HashFn;
}

/** Why the proof is invalid, or undefined when it is valid. */
export function checkStorageProof(input: VerifyInput): string | undefined {
  const params = input.params ?? defaultProofParams;
  const hash = input.hash ?? sha256Hash;
  if (input.proof?.scheme !== SHA256_MERKLE_SCHEME) return `not a ${SHA256_MERKLE_SCHEME} proof`;
  const proof = input.proof as StorageProof;
  const root = typeof input.merkleRoot === 'string' ? hexToBytes(input.merkleRoot) : input.merkleRoot;
  if (proof.slotRoot?.length !== 32) return 'slot root is not 32 bytes';
  if (!verifyPath(proof.slotRoot, input.slotIndex, input.slots, proof.slotRootPath ?? [], root, hash)) {
    return 'slot root is not part of the request content';
  }
  const cells = cellCount(input.slotSize, params.cellSize);
  const expected = challengedCells(input.challenge, cells, params.samples, hash);
  if (proof.cells?.length !== expected.length) return `expected ${expected.length} cells, got ${proof.cells?.length}`;
  for (const [k, index] of expected.entries()) {
    const cell = proof.cells[k]!;
    if (cell.index !== index) return `cell ${k} answers index ${cell.index}, challenge asks ${index}`;
    const [start, end] = cellRange(index, input.slotSize, params.cellSize);
    if (BigInt(cell.data.length) !== end - start) return `cell ${index} has ${cell.data.length} bytes`;
    if (!verifyPath(leafHash(cell.data, hash), index, cells, cell.path, proof.slotRoot, hash)) {
      return `cell ${index} is not part of the slot`;
    }
  }
  return undefined;
}

/** Is the proof a valid answer to the challenge for this slot of this request? */
export function verifyStorageProof(input: VerifyInput): boolean {
  return checkStorageProof(input) === undefined;
}
