// Before a download: do a manifest's roots belong to the request? The tree over the slot roots
// must be the manifest's verify root, and that must be the request's content.merkleRoot. nim-codex
// checks only the first; the second is what the on-chain proof is verified against, so a host
// that skips it can store a slot it will never prove (docs/proofs-codex.md).
import { fieldFromBytes, fieldToBytes } from '../poseidon2/field';
import type { BlockHasher } from '../pool/block-hasher';
import { MAX_DATASET_DEPTH } from '../slots/layout';
import { bytesFromHex } from './dataset';

/** The dataset's slot roots as field elements and its root, or why they do not belong to the request. */
export async function checkDatasetRoots(
  slotRoots: readonly Uint8Array[],
  verifyRoot: Uint8Array,
  merkleRootHex: string,
  hasher: BlockHasher,
  signal?: AbortSignal,
): Promise<{ ok: true; slotRoots: bigint[]; datasetRoot: bigint } | { ok: false; message: string }> {
  if (slotRoots.length < 1 || slotRoots.length > 1 << MAX_DATASET_DEPTH)
    return { ok: false, message: `the manifest lists ${slotRoots.length} slot roots; Codex's circuit takes 1 to 256` };
  const values: bigint[] = [];
  for (const [i, bytes] of slotRoots.entries()) {
    const value = fieldFromBytes(bytes);
    if (!value.ok) return { ok: false, message: `slot root ${i} is not a field element: ${value.message}` };
    values.push(value.value);
  }
  const verify = fieldFromBytes(verifyRoot);
  if (!verify.ok) return { ok: false, message: `the verify root is not a field element: ${verify.message}` };
  const merkleRoot = bytesFromHex(merkleRootHex, 32);
  if (!merkleRoot) return { ok: false, message: `content.merkleRoot ${merkleRootHex} is not 32 bytes of hex` };
  const leaves = new Uint8Array(values.length * 32);
  values.forEach((v, i) => leaves.set(fieldToBytes(v), i * 32));
  const layers = await hasher.treeLayers(leaves, signal);
  if (!layers.ok) return { ok: false, message: `the dataset tree could not be hashed: ${layers.error.message}` };
  const root = layers.value[layers.value.length - 1]!;
  if (!Buffer.from(root).equals(verifyRoot))
    return { ok: false, message: "the tree over the manifest's slot roots is not its verify root" };
  if (!Buffer.from(root).equals(merkleRoot))
    return { ok: false, message: "the manifest's verify root is not the request's content.merkleRoot" };
  return { ok: true, slotRoots: values, datasetRoot: verify.value };
}
