// Which dataset blocks make a slot (codex/indexingstrategy.nim), and how a slot is padded to a power
// of two for its Poseidon2 tree (proofs spec §1.5).

/** Codex's two indexing strategies, by their manifest value. */
export const LINEAR = 0;
export const STEPPED = 1;

/**
 * The indices iteration `iteration` of `iterations` covers in first..last. Linear: consecutive runs of
 * ceil(count / iterations); Stepped: every `iterations`-th index from first + iteration.
 */
export function strategyIndices(
  strategy: typeof LINEAR | typeof STEPPED,
  first: number,
  last: number,
  iterations: number,
  iteration: number,
): number[] {
  if (!(first <= last)) throw new RangeError(`first index ${first} is after last index ${last}`);
  if (!(iterations > 0)) throw new RangeError(`iterations must be above 0, not ${iterations}`);
  if (!(iteration >= 0 && iteration < iterations))
    throw new RangeError(`iteration ${iteration} is not below iterations ${iterations}`);
  const out: number[] = [];
  if (strategy === LINEAR) {
    const step = Math.ceil((last - first + 1) / iterations);
    const from = first + iteration * step;
    const to = Math.min(from + step - 1, last);
    for (let i = from; i <= to; i++) out.push(i);
  } else {
    for (let i = first + iteration; i <= last; i += iterations) out.push(i);
  }
  return out;
}

/** The smallest power of two ≥ n (n ≥ 1). */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** A slot's shape: dataset blocks it holds, virtual zero blocks after them, and its size on chain. */
export interface SlotShape {
  readonly blocks: number;
  readonly padBlocks: number;
  /** ask.slotSize: 64 KiB × nextPow2(blocks), pad blocks included. */
  readonly slotSize: bigint;
}

/** The shape of a slot of `blocks` dataset blocks of `blockSize` bytes. */
export function slotShape(blocks: number, blockSize: number): SlotShape {
  const padded = nextPow2(Math.max(1, blocks));
  return { blocks, padBlocks: padded - blocks, slotSize: BigInt(blockSize) * BigInt(padded) };
}
