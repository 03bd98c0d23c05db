// Codex's dataset tree (codex/merkletree): a keyed, unpadded binary Merkle tree over the blocks'
// SHA-256 digests. A node is SHA-256(left ‖ right ‖ key), key = bottom + 2·odd: 1 for a pair of
// leaves, 0 for a pair of inner nodes, +2 when a node has one child (the right input is then 32 zero
// bytes). The bottom layer is always compressed, so a one-leaf tree's root is not the leaf.
import { hash } from 'node:crypto';

/** A Merkle path from a leaf to the root, as Codex's CodexProof carries it. */
export interface CodexProof {
  /** Multihash of the tree's hash: sha2-256 (0x12). */
  readonly mcodec: number;
  readonly index: number;
  readonly nleaves: number;
  /** Siblings bottom to top; 32 zero bytes where a node had no sibling. */
  readonly path: readonly Uint8Array[];
}

const ZERO = new Uint8Array(32);
// One 65-byte input reused for every node: one-shot hashing of it is several times cheaper than a
// streaming hash object per node, and a host verifies a path of ~10 nodes per block.
const input = new Uint8Array(65);

/** One node: SHA-256(x ‖ y ‖ key). */
export function compress(x: Uint8Array, y: Uint8Array, key: number): Uint8Array {
  input.set(x, 0);
  input.set(y, 32);
  input[64] = key;
  const d = hash('sha256', input, 'buffer');
  return new Uint8Array(d.buffer, d.byteOffset, 32);
}

/** Levels a tree of `nleaves` leaves has between the leaves and the root (at least 1). */
export function treeDepth(nleaves: number): number {
  let depth = 0;
  let m = nleaves;
  do {
    m = Math.ceil(m / 2);
    depth++;
  } while (m > 1);
  return depth;
}

/** A built tree: every layer kept, so any leaf's proof is a lookup. */
export class ShaTree {
  private constructor(private readonly layers: Uint8Array[][]) {}

  /** Builds the tree over 32-byte leaf digests (block CID digests, in dataset order). */
  static build(leaves: readonly Uint8Array[]): ShaTree {
    if (leaves.length === 0) throw new RangeError('a Codex tree needs at least one leaf');
    const layers: Uint8Array[][] = [leaves.slice()];
    let layer = layers[0]!;
    let bottom = 1;
    do {
      const next: Uint8Array[] = [];
      for (let i = 0; i < layer.length; i += 2) {
        next.push(
          i + 1 < layer.length ? compress(layer[i]!, layer[i + 1]!, bottom) : compress(layer[i]!, ZERO, bottom + 2),
        );
      }
      layers.push(next);
      layer = next;
      bottom = 0;
    } while (layer.length > 1);
    return new ShaTree(layers);
  }

  /** The root: a treeCid's digest. */
  get root(): Uint8Array {
    return this.layers[this.layers.length - 1]![0]!;
  }

  get leafCount(): number {
    return this.layers[0]!.length;
  }

  /** The proof of leaf `index`. */
  proof(index: number): CodexProof {
    if (!Number.isInteger(index) || index < 0 || index >= this.leafCount) throw new RangeError(`no leaf ${index}`);
    const path: Uint8Array[] = [];
    let j = index;
    for (let level = 0; level < this.layers.length - 1; level++) {
      const layer = this.layers[level]!;
      path.push(layer[j ^ 1] ?? ZERO);
      j >>= 1;
    }
    return { mcodec: 0x12, index, nleaves: this.leafCount, path };
  }
}

/** The root `proof` leads to from `leaf`, or undefined when the proof's shape cannot be right. */
export function reconstructRoot(leaf: Uint8Array, proof: CodexProof): Uint8Array | undefined {
  const { index, nleaves, path } = proof;
  if (leaf.length !== 32 || nleaves < 1 || index < 0 || index >= nleaves) return undefined;
  if (path.length !== treeDepth(nleaves) || path.some((p) => p.length !== 32)) return undefined;
  let h = leaf;
  let j = index;
  let m = nleaves;
  let base = 1;
  for (const p of path) {
    if (j % 2 === 1) h = compress(p, h, base);
    else if (j === m - 1) h = compress(h, p, base + 2);
    else h = compress(h, p, base);
    base = 0;
    j = Math.floor(j / 2);
    m = Math.ceil(m / 2);
  }
  return h;
}

/** True only when `proof` leads from `leaf` to exactly `root`. nim-codex ignores a false here; we do not. */
export function verifyProof(leaf: Uint8Array, root: Uint8Array, proof: CodexProof): boolean {
  const got = reconstructRoot(leaf, proof);
  if (got === undefined || root.length !== 32) return false;
  let diff = 0;
  for (let i = 0; i < 32; i++) diff |= got[i]! ^ root[i]!;
  return diff === 0;
}
