// The proofs the chain's Marketplace takes: Groth16 proofs in the contract's struct. The engine
// treats proofs as opaque ({ scheme }); a proof of another scheme is refused here with a clear error
// rather than sent to fail on chain.
import { z } from 'zod';
import type { Proof } from '../../engine/index';

/** A BN254 G1 point. */
export interface G1 {
  readonly x: bigint;
  readonly y: bigint;
}
/** A BN254 G2 point; each coordinate is real + i·imag. */
export interface G2 {
  readonly x: { readonly real: bigint; readonly imag: bigint };
  readonly y: { readonly real: bigint; readonly imag: bigint };
}

/**
 * A Groth16 proof as the Marketplace's fillSlot and submitProof take it. From snarkjs' proof.json:
 * a = pi_a[0..1], b.x = (pi_b[0][0], pi_b[0][1]), b.y = (pi_b[1][0], pi_b[1][1]), c = pi_c[0..1].
 */
export interface Groth16ChainProof extends Proof {
  readonly scheme: 'groth16';
  readonly a: G1;
  readonly b: G2;
  readonly c: G1;
}

/** The proof scheme the chain adapter sends. */
export const CHAIN_PROOF_SCHEME = 'groth16';

/** A proof of a scheme the chain's verifier cannot check, or one not shaped like the contract's struct. */
export class UnsupportedProofError extends Error {
  override readonly name = 'UnsupportedProofError';
}

const FIELD = 2n ** 256n;
const coordinate = z
  .union([
    z.bigint(),
    z
      .string()
      .regex(/^(0x[0-9a-fA-F]+|\d+)$/)
      .transform(BigInt),
  ])
  .refine((v) => v >= 0n && v < FIELD);
const g1 = z.object({ x: coordinate, y: coordinate });
const fp2 = z.object({ real: coordinate, imag: coordinate });
const groth16 = z.object({ scheme: z.literal('groth16'), a: g1, b: z.object({ x: fp2, y: fp2 }), c: g1 });

/** The contract's Groth16Proof tuple for `proof`; throws UnsupportedProofError for anything else. */
export function groth16Tuple(proof: unknown): unknown[] {
  const scheme = (proof as { scheme?: unknown } | null)?.scheme;
  if (scheme !== CHAIN_PROOF_SCHEME) {
    throw new UnsupportedProofError(
      `the chain's Marketplace verifies Groth16 proofs; this proof is ${typeof scheme === 'string' ? `"${scheme}"` : 'of no known scheme'}`,
    );
  }
  const parsed = groth16.safeParse(proof);
  if (!parsed.success) {
    throw new UnsupportedProofError(
      `a Groth16 proof must carry a, b and c as uint256 coordinates: ${parsed.error.issues[0]?.message}`,
    );
  }
  const { a, b, c } = parsed.data;
  return [
    [a.x, a.y],
    [
      [b.x.real, b.x.imag],
      [b.y.real, b.y.imag],
    ],
    [c.x, c.y],
  ];
}
