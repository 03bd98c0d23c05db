// Codex's Poseidon2 sponge (nim-poseidon2 sponge.nim, the circuit's poseidon2_sponge.circom): state
// (0, 0, IV) with IV = 2^64 + 256·t + rate in the capacity element, "10*" padding over field
// elements (append 1, then zeros up to a multiple of the rate), absorb by adding into the rate
// part, permute, squeeze state[0]. Codex hashes cells and sample indices at rate 2; rate 1 exists
// in nim-poseidon2 and is kept for its vectors.
import { fieldAdd } from './field';
import { POSEIDON2_WIDTH } from './constants';
import { permute, type Poseidon2State } from './permutation';

/** The sponge's rate: field elements absorbed per permutation. */
export type SpongeRate = 1 | 2;

/** The capacity element the sponge starts with: 2^64 + 256·t + rate. */
export function spongeIV(rate: SpongeRate): bigint {
  return (1n << 64n) + 256n * BigInt(POSEIDON2_WIDTH) + BigInt(rate);
}

/** The sponge digest of canonical field elements. */
export function sponge(elements: readonly bigint[], rate: SpongeRate = 2): bigint {
  const padded = [...elements, 1n];
  while (padded.length % rate !== 0) padded.push(0n);
  let s: Poseidon2State = [0n, 0n, spongeIV(rate)];
  for (let i = 0; i < padded.length; i += rate) {
    s[0] = fieldAdd(s[0], padded[i]!);
    if (rate === 2) s[1] = fieldAdd(s[1], padded[i + 1]!);
    s = permute(s);
  }
  return s[0];
}
