// A slot's cell tree packed into one byte array per level (32 bytes per node), so a host proving a
// thousand slots keeps their trees in a few megabytes instead of a million small arrays.
import type { HashFn } from './hash';
import { merkleLayers, ZERO_HASH } from './merkle';
import type { SlotTree } from './slot-tree';

/** A Merkle tree kept as packed levels, leaves first. */
export class PackedTree {
  private constructor(private readonly levels: Uint8Array[]) {}

  /** Packs a finished slot tree. */
  static fromSlotTree(tree: SlotTree): PackedTree {
    return new PackedTree(tree.layers.map(pack));
  }

  /** The tree over `leaves` (e.g. a request's slot roots). */
  static fromLeaves(leaves: Uint8Array[], hash: HashFn): PackedTree {
    return new PackedTree(merkleLayers(leaves, hash).map(pack));
  }

  /** The root. */
  get root(): Uint8Array {
    return this.levels[this.levels.length - 1]!.subarray(0, 32);
  }

  /** Number of leaves. */
  get leafCount(): number {
    return this.levels[0]!.length / 32;
  }

  /** Leaf `index`, or undefined past the last. */
  leaf(index: number): Uint8Array | undefined {
    const leaves = this.levels[0]!;
    return index >= 0 && index * 32 < leaves.length ? leaves.subarray(index * 32, index * 32 + 32) : undefined;
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.levels.reduce((sum, level) => sum + level.length, 0);
  }

  /** Sibling hashes from leaf `index` up to (not including) the root. */
  path(index: number): Uint8Array[] {
    const path: Uint8Array[] = [];
    let i = index;
    for (let l = 0; l < this.levels.length - 1; l++) {
      const level = this.levels[l]!;
      const sibling = i ^ 1;
      path.push(sibling * 32 < level.length ? level.slice(sibling * 32, sibling * 32 + 32) : ZERO_HASH);
      i >>= 1;
    }
    return path;
  }
}

function pack(nodes: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(nodes.length * 32);
  nodes.forEach((node, i) => out.set(node, i * 32));
  return out;
}
