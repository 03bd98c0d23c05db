// A slot's tree as proving needs it: the root of every block (pad blocks as the zero-block root)
// and every layer of the keyed tree over them. The block-root layer is again a bottom layer (key
// 1): the slot tree is a tree of its own, not one grafted onto the cells (docs/proofs-codex.md).
import { bigintFromBytesLE } from '../poseidon2/field';
import type { BlockHasher, HashResult } from '../pool/block-hasher';
import { slotBlockCount } from './layout';

const NODE = 32;

/** A slot's persisted tree. */
export interface SlotTree {
  /** Blocks that come from the dataset; the rest up to the padded count are zero pad blocks. */
  readonly dataBlocks: number;
  /** Layers bottom up, 32 bytes per node: layers[0] holds the padded block roots, the last the root. */
  readonly layers: readonly Uint8Array[];
}

/** Blocks in the tree, pad blocks included (a power of two). */
export function slotTreeBlocks(tree: SlotTree): number {
  return tree.layers[0]!.length / NODE;
}

/** The slot root as 32 little-endian bytes. */
export function slotRootBytes(tree: SlotTree): Uint8Array {
  return tree.layers[tree.layers.length - 1]!;
}

/** The slot root as a field element. */
export function slotRoot(tree: SlotTree): bigint {
  return bigintFromBytesLE(slotRootBytes(tree));
}

/** The root of block `index` (32 bytes). */
export function blockRootAt(tree: SlotTree, index: number): Uint8Array {
  return tree.layers[0]!.subarray(index * NODE, (index + 1) * NODE);
}

/** The slot-tree path of block `index`: its sibling per level, bottom up. */
export function slotTreePath(tree: SlotTree, index: number): bigint[] {
  if (!Number.isInteger(index) || index < 0 || index >= slotTreeBlocks(tree))
    throw new RangeError(`block ${index} is outside a slot of ${slotTreeBlocks(tree)} blocks`);
  const path: bigint[] = [];
  let j = index;
  for (let level = 0; level < tree.layers.length - 1; level++) {
    const layer = tree.layers[level]!;
    const sibling = j ^ 1;
    path.push(
      sibling * NODE < layer.length ? bigintFromBytesLE(layer.subarray(sibling * NODE, (sibling + 1) * NODE)) : 0n,
    );
    j >>= 1;
  }
  return path;
}

/**
 * The slot tree over the roots of `dataBlocks` dataset blocks (32 bytes each, concatenated),
 * padded with `zeroBlockRoot` up to a power of two.
 */
export async function slotTreeFromBlockRoots(
  blockRoots: Uint8Array,
  dataBlocks: number,
  zeroBlockRoot: Uint8Array,
  hasher: BlockHasher,
  signal?: AbortSignal,
): Promise<HashResult<SlotTree>> {
  if (blockRoots.length !== dataBlocks * NODE || dataBlocks < 1)
    return {
      ok: false,
      error: {
        kind: 'invalid-input',
        message: `expected ${dataBlocks} block roots (at least one), got ${blockRoots.length / NODE}`,
      },
    };
  const padded = new Uint8Array(slotBlockCount(dataBlocks) * NODE);
  padded.set(blockRoots);
  for (let at = blockRoots.length; at < padded.length; at += NODE) padded.set(zeroBlockRoot, at);
  const layers = await hasher.treeLayers(padded, signal);
  return layers.ok ? { ok: true, value: { dataBlocks, layers: layers.value } } : layers;
}
