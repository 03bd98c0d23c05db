// Codex's "safe" keyed Merkle tree (nim-codex merkletree.nim, nim-poseidon2 merkle.nim and the
// circuit's merkle.circom agree). key = bottom + 2·odd: bottom is 1 when the two inputs are leaves
// of this tree, odd is 1 for a node with a single child, which is compressed with 0 as its right
// input. Layers are not padded to a power of two, and the bottom layer is always compressed at
// least once, so a one-leaf tree's root is compress(leaf, 0, 3), not the leaf.
import { compress } from './permutation';

/** Keyed compression keys. */
export const KEY_BOTTOM = 1n;
export const KEY_ODD = 2n;

/** The next layer up from `layer` (keys as above; `bottom` for the leaf layer). */
export function merkleParentLayer(layer: readonly bigint[], bottom: boolean): bigint[] {
  const key = bottom ? KEY_BOTTOM : 0n;
  const out: bigint[] = [];
  for (let i = 0; i + 1 < layer.length; i += 2) out.push(compress(layer[i]!, layer[i + 1]!, key));
  if (layer.length % 2 === 1) out.push(compress(layer[layer.length - 1]!, 0n, key | KEY_ODD));
  return out;
}

/** Every layer of the tree over `leaves`, leaves first, root last (a one-element layer). */
export function merkleLayers(leaves: readonly bigint[]): bigint[][] {
  if (leaves.length === 0) throw new RangeError('a Merkle tree needs at least one leaf');
  const layers: bigint[][] = [[...leaves]];
  do layers.push(merkleParentLayer(layers[layers.length - 1]!, layers.length === 1));
  while (layers[layers.length - 1]!.length > 1);
  return layers;
}

/** The root of the tree over `leaves`. */
export function merkleRoot(leaves: readonly bigint[]): bigint {
  const layers = merkleLayers(leaves);
  return layers[layers.length - 1]![0]!;
}

/** The proof path of leaf `index`: its sibling on each level, bottom to top, 0 where there is none. */
export function merklePath(layers: readonly (readonly bigint[])[], index: number): bigint[] {
  const leafCount = layers[0]?.length ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= leafCount)
    throw new RangeError(`leaf ${index} is outside a tree of ${leafCount} leaves`);
  const path: bigint[] = [];
  let j = index;
  for (let level = 0; level < layers.length - 1; level++) {
    path.push(layers[level]![j ^ 1] ?? 0n);
    j >>= 1;
  }
  return path;
}

/** The root a leaf and its path lead to, in a tree of `leafCount` leaves (nim-codex reconstructRoot). */
export function reconstructRoot(leaf: bigint, index: number, leafCount: number, path: readonly bigint[]): bigint {
  let h = leaf;
  let j = index;
  let m = leafCount;
  let key = KEY_BOTTOM;
  for (const p of path) {
    if ((j & 1) === 1) h = compress(p, h, key);
    else if (j === m - 1) h = compress(h, p, key | KEY_ODD);
    else h = compress(h, p, key);
    key = 0n;
    j >>= 1;
    m = (m + 1) >> 1;
  }
  return h;
}
