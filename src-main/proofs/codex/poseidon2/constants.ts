// Codex's Poseidon2 round constants, split the way the permutation uses them. Generated once, on
// first use, from the Grain LFSR (grain.ts); about a millisecond.
import { CODEX_GRAIN_PARAMETERS, grainRoundConstants } from './grain';

/** Codex's Poseidon2 shape: t = 3, 8 full rounds (4 + 4) around 56 partial rounds. */
export const POSEIDON2_WIDTH = 3;
export const POSEIDON2_FULL_ROUNDS = CODEX_GRAIN_PARAMETERS.fullRounds;
export const POSEIDON2_PARTIAL_ROUNDS = CODEX_GRAIN_PARAMETERS.partialRounds;

/** Round constants: three per full round, one per partial round. */
export interface Poseidon2Constants {
  /** The first four full rounds, then the last four (8 × 3). */
  readonly external: readonly (readonly [bigint, bigint, bigint])[];
  /** The 56 partial rounds, one constant each (added to the first state element). */
  readonly internal: readonly bigint[];
}

let flat: bigint[] | undefined;
let cached: Poseidon2Constants | undefined;

/** All 80 constants in the order the rounds use them (the Grain LFSR's output order). */
export function roundConstantsInOrder(): readonly bigint[] {
  flat ??= grainRoundConstants(CODEX_GRAIN_PARAMETERS);
  return flat;
}

/** Codex's round constants (generated on first call, then shared). */
export function poseidon2Constants(): Poseidon2Constants {
  if (cached) return cached;
  const all = roundConstantsInOrder();
  const half = (POSEIDON2_FULL_ROUNDS / 2) * POSEIDON2_WIDTH;
  const triples = (values: readonly bigint[]) => {
    const out: [bigint, bigint, bigint][] = [];
    for (let i = 0; i < values.length; i += 3) out.push([values[i]!, values[i + 1]!, values[i + 2]!]);
    return out;
  };
  cached = {
    external: [...triples(all.slice(0, half)), ...triples(all.slice(half + POSEIDON2_PARTIAL_ROUNDS))],
    internal: all.slice(half, half + POSEIDON2_PARTIAL_ROUNDS),
  };
  return cached;
}
