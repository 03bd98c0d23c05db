// Which cells a challenge samples (nim-codex slots/sampler/utils.nim, the circuit's
// CalculateCellIndexBits): for counter = 1..nSamples, the low log2(nCells) bits of the canonical
// value of sponge2([entropy, slotRoot, counter]). nCells is the padded, power-of-two cell count.
import { sponge } from '../poseidon2/sponge';
import { PROOF_SAMPLES } from '../slots/layout';

/** The cell sampled by `counter` (1-based) in a slot of `cellCount` cells (a power of two). */
export function cellIndex(entropy: bigint, slotRoot: bigint, counter: number, cellCount: number): number {
  if (!Number.isSafeInteger(cellCount) || cellCount < 1 || (cellCount & (cellCount - 1)) !== 0)
    throw new RangeError(`a slot's cell count is a power of two, got ${cellCount}`);
  return Number(sponge([entropy, slotRoot, BigInt(counter)], 2) & BigInt(cellCount - 1));
}

/** The cells a challenge samples, in counter order (the order the circuit expects them). */
export function cellIndices(entropy: bigint, slotRoot: bigint, cellCount: number, samples = PROOF_SAMPLES): number[] {
  return Array.from({ length: samples }, (_, k) => cellIndex(entropy, slotRoot, k + 1, cellCount));
}
