// The circuit's RootFromMerklePath (merkle.circom), computed as the circuit computes it: bits of
// the leaf index, bits of the last index and a size mask decide each level's key and the level
// whose hash is the root. Levels above that one are not computed: the circuit computes them but
// multiplies them by zero, which is why path entries there are unconstrained.
import type { StatementHasher } from './statement-hasher';

/**
 * The reconstructed root. `pathBits` and `lastBits` are bits, least significant first, one per
 * level; `maskBits` has one more entry; its first is taken as 1 (the circuit's singleton fix).
 */
export function rootFromMerklePath(
  leaf: bigint,
  pathBits: readonly number[],
  lastBits: readonly number[],
  maskBits: readonly number[],
  path: readonly bigint[],
  hasher: StatementHasher,
): bigint {
  const depth = pathBits.length;
  // isLast[i]: the bits at and above level i equal those of the last index.
  const isLast = Array<number>(depth + 1).fill(1);
  for (let i = depth - 1; i >= 0; i--) isLast[i] = isLast[i + 1]! & (pathBits[i] === lastBits[i] ? 1 : 0);
  const mask = (i: number) => (i === 0 ? 1 : maskBits[i]!);
  let h = leaf;
  for (let i = 0; i < depth; i++) {
    const bottom = i === 0 ? 1 : 0;
    const odd = isLast[i]! * (1 - pathBits[i]!);
    const key = bottom + 2 * odd;
    h = pathBits[i] === 1 ? hasher.compress(path[i]!, h, key) : hasher.compress(h, path[i]!, key);
    // The root is the hash after the level where the mask steps from 1 to 0.
    if (mask(i) - mask(i + 1) === 1) return h;
  }
  // A mask that never steps down selects no level: the circuit's sum is then 0.
  return 0n;
}

/** The low `n` bits of x, least significant first. */
export function bitsOf(x: bigint, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Number((x >> BigInt(i)) & 1n));
}
