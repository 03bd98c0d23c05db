// The two hashes the circuit's statement needs, so the checker can run on the BigInt reference
// (the default: no setup, ~50 ms a proof) or on a wasm instance on the calling thread (a few ms,
// for a verifier that checks many proofs on the engine's thread).
import { compress } from '../poseidon2/permutation';
import { sponge } from '../poseidon2/sponge';
import type { Poseidon2Wasm } from '../wasm/poseidon2-wasm';

/** Rate-2 sponge and keyed compression over canonical field elements. */
export interface StatementHasher {
  sponge2(elements: readonly bigint[]): bigint;
  compress(a: bigint, b: bigint, key: number): bigint;
}

/** The BigInt reference. */
export const referenceStatementHasher: StatementHasher = {
  sponge2: (elements) => sponge(elements, 2),
  compress: (a, b, key) => compress(a, b, key),
};

/** The same hashes on a wasm instance (synchronous, on the calling thread). */
export function wasmStatementHasher(wasm: Poseidon2Wasm): StatementHasher {
  return {
    sponge2: (elements) => wasm.sponge(elements, 2),
    compress: (a, b, key) => wasm.permute([a, b, BigInt(key)])[0],
  };
}
