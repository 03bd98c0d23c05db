// A binary Merkle tree over 32-byte leaves. Leaf and inner-node hashes use distinct prefixes so a
// node can never pass for a leaf; an odd node at the end of a level is paired with 32 zero bytes,
// so any leaf count works and every path to the root has the same, predictable length.
import { type HashFn, sha256Hash } from './hash';

/** The sibling used for the last node of an odd-sized level. */
export const ZERO_HASH = new Uint8Array(32);

/** Hash of one cell's bytes as a tree leaf: H(0x00 ‖ cell). */
export function leafHash(cell: Uint8Array, hash: HashFn = sha256Hash): Uint8Array {
  const buf = new Uint8Array(cell.length + 1);
  buf.set(cell, 1);
  return hash(buf);
}

/** Hash of an inner node: H(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array, hash: HashFn = sha256Hash): Uint8Array {
  const buf = new Uint8Array(65);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 33);
  return hash(buf);
}

/** Number of levels above the leaves, i.e. the length of every path, for `leafCount` leaves. */
export function treeDepth(leafCount: number): number {
  let depth = 0;
  for (let n = leafCount; n > 1; n = Math.ceil(n / 2)) depth++;
  return depth;
}

/** Every level of the tree, leaves first and [root] last. No leaves gives a root of ZERO_HASH. */
export function merkleLayers(leaves: Uint8Array[], hash: HashFn = sha256Hash): Uint8Array[][] {
  const layers: Uint8Array[][] = [leaves.length === 0 ? [ZERO_HASH] : leaves];
  let level = layers[0]!;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1] ?? ZERO_HASH, hash));
    layers.push(next);
    level = next;
  }
  return layers;
}

/** The root of the tree over `leaves`. */
export function merkleRoot(leaves: Uint8Array[], hash: HashFn = sha256Hash): Uint8Array {
  const layers = merkleLayers(leaves, hash);
  return layers[layers.length - 1]![0]!;
}

/** Sibling hashes from leaf `index` up to (not including) the root. */
export function merklePath(layers: Uint8Array[][], index: number): Uint8Array[] {
  const path: Uint8Array[] = [];
  let i = index;
  for (let l = 0; l < layers.length - 1; l++) {
    path.push(layers[l]![i ^ 1] ?? ZERO_HASH);
    i >>= 1;
  }
  return path;
}

/** The root that `leaf` at `index` with `path` leads to. */
export function rootFromPath(
  leaf: Uint8Array,
  index: number,
  path: Uint8Array[],
  hash: HashFn = sha256Hash,
): Uint8Array {
  let node = leaf;
  let i = index;
  for (const sibling of path) {
    node = i & 1 ? nodeHash(sibling, node, hash) : nodeHash(node, sibling, hash);
    i >>= 1;
  }
  return node;
}

/** Does `leaf` sit at `index` of a `leafCount`-leaf tree with this root? Checks the path length too. */
export function verifyPath(
  leaf: Uint8Array,
  index: number,
  leafCount: number,
  path: Uint8Array[],
  root: Uint8Array,
  hash: HashFn = sha256Hash,
): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= leafCount) return false;
  if (path.length !== treeDepth(leafCount) || path.some((p) => p.length !== 32)) return false;
  return bytesEqual(rootFromPath(leaf, index, path, hash), root);
}

/** Constant-shape byte comparison. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
