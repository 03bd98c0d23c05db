// Codex's Poseidon2 permutation over BN254, t = 3 (nim-poseidon2's, equal to the circuit's): the
// external layer M_E = circ(2,1,1), then 4 full rounds, 56 partial rounds and 4 full rounds, x⁵
// S-box. Full round: add 3 constants, S-box each element, M_E. Partial round: add one constant to
// the first element, S-box it, M_I = J + diag(1,1,2).
import { FIELD_MODULUS as R, fieldPow5 } from './field';
import { POSEIDON2_FULL_ROUNDS, POSEIDON2_PARTIAL_ROUNDS, poseidon2Constants } from './constants';

/** A Poseidon2 state: three field elements. */
export type Poseidon2State = [bigint, bigint, bigint];

function external(s: Poseidon2State): void {
  const sum = s[0] + s[1] + s[2];
  s[0] = (s[0] + sum) % R;
  s[1] = (s[1] + sum) % R;
  s[2] = (s[2] + sum) % R;
}

function fullRound(s: Poseidon2State, c: readonly [bigint, bigint, bigint]): void {
  s[0] = fieldPow5((s[0] + c[0]) % R);
  s[1] = fieldPow5((s[1] + c[1]) % R);
  s[2] = fieldPow5((s[2] + c[2]) % R);
  external(s);
}

function partialRound(s: Poseidon2State, c: bigint): void {
  s[0] = fieldPow5((s[0] + c) % R);
  const sum = s[0] + s[1] + s[2];
  s[0] = (s[0] + sum) % R;
  s[1] = (s[1] + sum) % R;
  s[2] = (2n * s[2] + sum) % R;
}

/** The permutation of three canonical field elements (a new state; the input is left alone). */
export function permute(input: readonly [bigint, bigint, bigint]): Poseidon2State {
  const { external: ext, internal } = poseidon2Constants();
  const s: Poseidon2State = [input[0], input[1], input[2]];
  external(s);
  const half = POSEIDON2_FULL_ROUNDS / 2;
  for (let r = 0; r < half; r++) fullRound(s, ext[r]!);
  for (let r = 0; r < POSEIDON2_PARTIAL_ROUNDS; r++) partialRound(s, internal[r]!);
  for (let r = half; r < POSEIDON2_FULL_ROUNDS; r++) fullRound(s, ext[r]!);
  return s;
}

/** Codex's keyed compression: the first element of perm(a, b, key); key 0..3 (docs/proofs-codex.md). */
export function compress(a: bigint, b: bigint, key: bigint | number = 0n): bigint {
  return permute([a, b, BigInt(key)])[0];
}
