// The dataset ("verify") tree over a dataset's slot roots (not padded: odd nodes use keys 3 and 2)
// and the conversions between the request's bytes and the circuit's public inputs
// (docs/proofs-codex.md): content.merkleRoot is the dataset root as 32 little-endian bytes;
// Marketplace.submitProof passes [entropy, dataSetRoot, slotIndex] with entropy the little-endian
// integer of the challenge's first 31 bytes and dataSetRoot = uint256(byteSwap(merkleRoot)).
import { bigintFromBytesLE, fieldFromBytes, fieldToBytes } from '../poseidon2/field';
import { merkleLayers, merklePath } from '../poseidon2/merkle';
import { MAX_DATASET_DEPTH } from '../slots/layout';

/** The dataset tree's layers over the slot roots (field elements), BigInt: at most 255 compressions. */
export function datasetTreeLayers(slotRoots: readonly bigint[]): bigint[][] {
  if (slotRoots.length < 1 || slotRoots.length > 1 << MAX_DATASET_DEPTH)
    throw new RangeError(`a dataset has 1 to ${1 << MAX_DATASET_DEPTH} slots, got ${slotRoots.length}`);
  return merkleLayers(slotRoots);
}

/** The dataset root over the slot roots. */
export function datasetRoot(slotRoots: readonly bigint[]): bigint {
  const layers = datasetTreeLayers(slotRoots);
  return layers[layers.length - 1]![0]!;
}

/** The dataset path of slot `slotIndex`, zero-padded to the circuit's 8 levels. */
export function datasetPath(layers: readonly (readonly bigint[])[], slotIndex: number): bigint[] {
  const path = merklePath(layers, slotIndex);
  while (path.length < MAX_DATASET_DEPTH) path.push(0n);
  return path;
}

/** content.merkleRoot for a dataset root: its 32 little-endian bytes. */
export function merkleRootBytes(datasetRootValue: bigint): Uint8Array {
  return fieldToBytes(datasetRootValue);
}

/** The circuit's dataSetRoot from content.merkleRoot (the byte swap the contract applies), checked below r. */
export function dataSetRootFromMerkleRoot(
  merkleRoot: Uint8Array,
): { ok: true; value: bigint } | { ok: false; message: string } {
  const field = fieldFromBytes(merkleRoot);
  return field.ok ? field : { ok: false, message: `content.merkleRoot is not a dataset root: ${field.message}` };
}

/** The circuit's entropy from a 32-byte challenge: the little-endian integer of its first 31 bytes. */
export function entropyFromChallenge(challenge: Uint8Array): bigint {
  if (challenge.length !== 32) throw new RangeError(`a challenge is 32 bytes, got ${challenge.length}`);
  return bigintFromBytesLE(challenge.subarray(0, 31));
}

/** Bytes of 0x-prefixed (or bare) hex; undefined when it is not hex of that many bytes. */
export function bytesFromHex(hex: string, length: number): Uint8Array | undefined {
  const digits = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (digits.length !== 2 * length || !/^[0-9a-fA-F]*$/.test(digits)) return undefined;
  return new Uint8Array(Buffer.from(digits, 'hex'));
}

/** The public inputs of a storage proof, in the circuit's (and the contract's) order. */
export interface PublicInputs {
  readonly entropy: bigint;
  readonly dataSetRoot: bigint;
  readonly slotIndex: bigint;
}
