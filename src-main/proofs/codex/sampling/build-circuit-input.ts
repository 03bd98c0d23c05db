// The circuit input for one challenge, from the persisted slot tree and the slot's stored blocks:
// only the sampled blocks are read and re-hashed (at most 5 block trees on the pool); the
// slot-tree paths come from the stored tree and the dataset path from the manifest's slot roots.
import { bigintFromBytesLE, fieldToBytes, isFieldElement } from '../poseidon2/field';
import { bytesToElements } from '../poseidon2/elements';
import type { BlockHasher, HashFailure } from '../pool/block-hasher';
import type { ReadSlotBlock } from '../slots/build-slot-tree';
import {
  BLOCK_BYTES,
  BLOCK_TREE_DEPTH,
  CELL_BYTES,
  CELLS_PER_BLOCK,
  MAX_DATASET_DEPTH,
  MAX_SLOT_DEPTH,
  PROOF_SAMPLES,
} from '../slots/layout';
import { blockRootAt, slotRoot, slotTreeBlocks, slotTreePath } from '../slots/slot-tree';
import type { StoredSlotTree } from '../slots/slot-tree-file';
import { cellIndices } from './cell-indices';
import type { CircuitInput } from './circuit-input';

/** What a circuit input is built from. */
export interface BuildCircuitInputOptions {
  /** The slot's persisted tree with its place in the dataset. */
  readonly stored: StoredSlotTree;
  readonly entropy: bigint;
  readonly readBlock: ReadSlotBlock;
  readonly hasher: BlockHasher;
  readonly signal?: AbortSignal;
  /** Cells to sample (default 5, the circuit's nSamples). */
  readonly samples?: number;
}

/** Why no input could be built. */
export interface CircuitInputFailure {
  readonly kind: 'slot-root-mismatch' | 'block-changed' | 'read-failed' | 'invalid-block' | HashFailure['kind'];
  readonly message: string;
}

/** Offsets of the block tree's layers among its 63 nodes: 32, 16, 8, 4, 2, 1. */
const LAYER_START = [0, 32, 48, 56, 60, 62];

function blockTreePath(nodes: Uint8Array, cell: number): bigint[] {
  const path: bigint[] = [];
  for (let level = 0; level < BLOCK_TREE_DEPTH; level++) {
    const at = (LAYER_START[level]! + ((cell >> level) ^ 1)) * 32;
    path.push(bigintFromBytesLE(nodes.subarray(at, at + 32)));
  }
  return path;
}

const padTo = (xs: bigint[], length: number) => [...xs, ...Array<bigint>(Math.max(0, length - xs.length)).fill(0n)];

/** The circuit input answering `entropy` for the slot. */
export async function buildCircuitInput(
  options: BuildCircuitInputOptions,
): Promise<{ ok: true; value: CircuitInput } | { ok: false; error: CircuitInputFailure }> {
  const { entropy, hasher, signal } = options;
  const { tree, slotIndex, slotRoots } = options.stored;
  if (slotRoots.length < 1 || slotRoots.length > 1 << MAX_DATASET_DEPTH || !slotRoots.every(isFieldElement))
    return {
      ok: false,
      error: { kind: 'invalid-input', message: `a dataset has 1 to 256 slot roots, each a field element` },
    };
  if (!Number.isSafeInteger(slotIndex) || slotIndex < 0 || slotIndex >= slotRoots.length)
    return {
      ok: false,
      error: { kind: 'invalid-input', message: `slot ${slotIndex} is not in a dataset of ${slotRoots.length} slots` },
    };
  if (!isFieldElement(entropy))
    return { ok: false, error: { kind: 'invalid-input', message: 'the entropy is not a field element' } };
  const root = slotRoot(tree);
  if (slotRoots[slotIndex] !== root)
    return {
      ok: false,
      error: {
        kind: 'slot-root-mismatch',
        message: `the stored slot tree is not slot ${slotIndex}'s root in the dataset`,
      },
    };
  const nCells = slotTreeBlocks(tree) * CELLS_PER_BLOCK;
  const indices = cellIndices(entropy, root, nCells, options.samples ?? PROOF_SAMPLES);

  // Each sampled block once, even when several cells fall in it; read in order, hashed at once.
  const sampled = [...new Set(indices.map((index) => Math.floor(index / CELLS_PER_BLOCK)))];
  const read: Uint8Array[] = [];
  for (const block of sampled) {
    const bytes =
      block < tree.dataBlocks
        ? await readSampledBlock(options.readBlock, block)
        : { ok: true as const, bytes: new Uint8Array(0) };
    if (!bytes.ok) return bytes;
    read.push(bytes.bytes);
  }
  // The dataset tree needs no block: queued with the block trees, a proof waits for the pool once.
  const [trees, dataset] = await Promise.all([
    Promise.all(read.map((bytes) => hasher.blockTree(bytes, signal))),
    datasetLayers(slotRoots, hasher, signal),
  ]);
  const blocks = new Map<number, { bytes: Uint8Array; nodes: Uint8Array }>();
  for (const [i, block] of sampled.entries()) {
    const nodes = trees[i]!;
    if (!nodes.ok) return nodes;
    if (!Buffer.from(nodes.value.subarray(62 * 32)).equals(blockRootAt(tree, block)))
      return {
        ok: false,
        error: {
          kind: 'block-changed',
          message: `block ${block} no longer hashes to the root its slot tree recorded: the stored data changed`,
        },
      };
    blocks.set(block, { bytes: read[i]!, nodes: nodes.value });
  }

  if (!dataset.ok) return dataset;

  const cellData: bigint[][] = [];
  const merklePaths: bigint[][] = [];
  for (const index of indices) {
    const block = Math.floor(index / CELLS_PER_BLOCK);
    const cell = index % CELLS_PER_BLOCK;
    const { bytes, nodes } = blocks.get(block)!;
    const cellBytes = new Uint8Array(CELL_BYTES);
    cellBytes.set(bytes.subarray(cell * CELL_BYTES, Math.min(bytes.length, (cell + 1) * CELL_BYTES)));
    cellData.push(bytesToElements(cellBytes));
    merklePaths.push(padTo([...blockTreePath(nodes, cell), ...slotTreePath(tree, block)], MAX_SLOT_DEPTH));
  }
  return {
    ok: true,
    value: {
      dataSetRoot: dataset.root,
      entropy,
      nCellsPerSlot: nCells,
      nSlotsPerDataSet: slotRoots.length,
      slotIndex,
      slotRoot: root,
      slotProof: padTo(dataset.path(slotIndex), MAX_DATASET_DEPTH),
      cellData,
      merklePaths,
    },
  };
}

/** The dataset tree over the slot roots, on the hasher (up to 255 compressions for 256 slots). */
async function datasetLayers(
  slotRoots: readonly bigint[],
  hasher: BlockHasher,
  signal: AbortSignal | undefined,
): Promise<{ ok: true; root: bigint; path: (slot: number) => bigint[] } | { ok: false; error: CircuitInputFailure }> {
  const leaves = new Uint8Array(slotRoots.length * 32);
  slotRoots.forEach((r, i) => leaves.set(fieldToBytes(r), i * 32));
  const layers = await hasher.treeLayers(leaves, signal);
  if (!layers.ok) return layers;
  const tree = { dataBlocks: slotRoots.length, layers: layers.value };
  return { ok: true, root: slotRoot(tree), path: (slot) => slotTreePath(tree, slot) };
}

async function readSampledBlock(
  readBlock: ReadSlotBlock,
  block: number,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: CircuitInputFailure }> {
  let bytes: Uint8Array;
  try {
    bytes = await readBlock(block);
  } catch (error) {
    const message = `block ${block} could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, error: { kind: 'read-failed', message } };
  }
  if (!(bytes instanceof Uint8Array) || bytes.length > BLOCK_BYTES)
    return {
      ok: false,
      error: {
        kind: 'invalid-block',
        message: `block ${block} has ${bytes?.length} bytes; a block has at most 65,536`,
      },
    };
  return { ok: true, bytes };
}
