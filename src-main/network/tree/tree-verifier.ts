// Proof checking for many leaves of one tree. A slot's blocks are neighbours in the dataset tree, so
// their paths share almost every node above the bottom: once a path has led to the root, each node
// on it is known to be authentic, and a later path may stop as soon as it reaches a known node with
// the same value (a different value there means a forgery). A 1,024-block slot then costs about two
// compressions per block instead of eleven. Sound because SHA-256 is collision resistant: a node
// value at a verified position can only be produced by the authentic subtree below it.
import { compress, treeDepth, type CodexProof } from './sha-tree';

function equal(a: Uint8Array, b: Uint8Array): boolean {
  let diff = 0;
  for (let i = 0; i < 32; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Verifies proofs against one root, remembering every node a verified proof established. */
export class TreeVerifier {
  private readonly known = new Map<number, Uint8Array>();
  private readonly depth: number;

  constructor(
    private readonly root: Uint8Array,
    private readonly nleaves: number,
  ) {
    this.depth = treeDepth(nleaves);
  }

  // Copied: the leaf is usually a view into a frame buffer that the next message overwrites.
  private remember(nodes: readonly [number, Uint8Array][]): void {
    for (const [k, v] of nodes) this.known.set(k, new Uint8Array(v));
  }

  /** True only when `proof` leads from `leaf` (at proof.index) to the root. */
  verify(leaf: Uint8Array, proof: CodexProof): boolean {
    const { index, nleaves, path } = proof;
    if (nleaves !== this.nleaves || index < 0 || index >= nleaves || leaf.length !== 32) return false;
    if (path.length !== this.depth || path.some((p) => p.length !== 32)) return false;
    const seen: [number, Uint8Array][] = [];
    let h = leaf;
    let j = index;
    let m = nleaves;
    for (let level = 0; level < this.depth; level++) {
      const key = level * 2 ** 40 + j;
      const known = this.known.get(key);
      if (known) {
        if (!equal(known, h)) return false;
        this.remember(seen);
        return true;
      }
      seen.push([key, h]);
      const p = path[level]!;
      const base = level === 0 ? 1 : 0;
      if (j % 2 === 1) h = compress(p, h, base);
      else if (j === m - 1) h = compress(h, p, base + 2);
      else h = compress(h, p, base);
      j = Math.floor(j / 2);
      m = Math.ceil(m / 2);
    }
    if (!equal(h, this.root)) return false;
    this.remember(seen);
    return true;
  }
}
