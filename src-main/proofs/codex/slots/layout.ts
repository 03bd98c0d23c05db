// Codex's slot layout (nim-codex codextypes.nim and slots/builder; docs/proofs-codex.md): a slot is
// a run of 64 KiB blocks of the dataset, followed by zero "pad" blocks up to a power of two; each
// block is 32 cells of 2 KiB; the circuit's static shape is SampleAndProve(32, 8, 5, 67, 5).

/** Bytes per block: the network's unit and the slot tree's leaf. */
export const BLOCK_BYTES = 65_536;
/** Bytes per cell: the proving unit, a leaf of the block tree. */
export const CELL_BYTES = 2_048;
/** Cells per block, and the block tree's depth. */
export const CELLS_PER_BLOCK = 32;
export const BLOCK_TREE_DEPTH = 5;
/** Field elements per cell: 66 full 31-byte chunks plus the 2-byte tail with its end marker. */
export const CELL_ELEMENTS = 67;
/** The circuit's maximum slot-tree depth in cells (2^32 cells per slot at most). */
export const MAX_SLOT_DEPTH = 32;
/** The circuit's maximum dataset-tree depth (256 slots at most). */
export const MAX_DATASET_DEPTH = 8;
/** Cells sampled per proof (nim-codex --proof-samples, the circuit's nSamples). */
export const PROOF_SAMPLES = 5;

/** The smallest power of two ≥ n (n ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`expected a positive count, got ${n}`);
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Blocks in a slot holding `dataBlocks` blocks of the dataset, pad blocks included. */
export function slotBlockCount(dataBlocks: number): number {
  return nextPowerOfTwo(dataBlocks);
}

/** The request's ask.slotSize for `dataBlocks` dataset blocks per slot: 64 KiB × the padded block count. */
export function slotSizeBytes(dataBlocks: number): bigint {
  return BigInt(BLOCK_BYTES) * BigInt(slotBlockCount(dataBlocks));
}

/** The blocks of the slot of a request whose slotSize is `slotSize` bytes, or why it is not Codex's layout. */
export function blocksOfSlotSize(slotSize: bigint): { ok: true; blocks: number } | { ok: false; message: string } {
  const blocks = slotSize / BigInt(BLOCK_BYTES);
  if (slotSize <= 0n || blocks * BigInt(BLOCK_BYTES) !== slotSize)
    return { ok: false, message: `slot size ${slotSize} is not a positive multiple of 64 KiB` };
  if ((blocks & (blocks - 1n)) !== 0n)
    return { ok: false, message: `slot size ${slotSize} is not 64 KiB × a power of two` };
  if (blocks * BigInt(CELLS_PER_BLOCK) > 1n << BigInt(MAX_SLOT_DEPTH))
    return { ok: false, message: `slot size ${slotSize} exceeds the circuit's 2^32 cells` };
  return { ok: true, blocks: Number(blocks) };
}
