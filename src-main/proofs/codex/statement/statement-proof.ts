// A "proof" that is the circuit input itself, checked by the circuit's statement instead of a
// Groth16 verifier: what the simulated market accepts, so every market shares the slot format and
// the proving path up to the final Groth16 step (docs/proofs-codex.md).
import { bytesFromHex, dataSetRootFromMerkleRoot, entropyFromChallenge, type PublicInputs } from '../dataset/dataset';
import type { CircuitInputJson } from '../sampling/circuit-input';
import { checkCircuitStatement, type StatementResult } from './check-statement';
import { referenceStatementHasher, type StatementHasher } from './statement-hasher';

/** The scheme name of these proofs (Proof.scheme). */
export const CODEX_STATEMENT_SCHEME = 'codex-statement';

/** A proof of the codex-statement scheme. */
export interface CodexStatementProof {
  readonly scheme: typeof CODEX_STATEMENT_SCHEME;
  /** The circuit input, as snarkjs would take it. */
  readonly input: CircuitInputJson;
  /** [entropy, dataSetRoot, slotIndex] as decimal strings, the contract's pubSignals order. */
  readonly publicInputs: readonly [string, string, string];
}

/**
 * The public inputs the market derives for a proof: entropy from the challenge (its first 31
 * bytes, little-endian), dataSetRoot from content.merkleRoot, and the slot index; undefined when
 * the challenge or merkleRoot are not 32 bytes of hex or merkleRoot is not a field element.
 */
export function marketPublicInputs(
  challengeHex: string,
  merkleRootHex: string,
  slotIndex: bigint,
): PublicInputs | undefined {
  const challenge = bytesFromHex(challengeHex, 32);
  const merkleRoot = bytesFromHex(merkleRootHex, 32);
  if (!challenge || !merkleRoot) return undefined;
  const root = dataSetRootFromMerkleRoot(merkleRoot);
  return root.ok ? { entropy: entropyFromChallenge(challenge), dataSetRoot: root.value, slotIndex } : undefined;
}

/** Checks a proof (untrusted: anything) against the public inputs the market derived itself. */
export function verifyCodexStatementProof(
  proof: unknown,
  publicInputs: PublicInputs,
  hasher: StatementHasher = referenceStatementHasher,
): StatementResult {
  if (typeof proof !== 'object' || proof === null || (proof as { scheme?: unknown }).scheme !== CODEX_STATEMENT_SCHEME)
    return { ok: false, failure: { check: 'malformed', message: `not a ${CODEX_STATEMENT_SCHEME} proof` } };
  return checkCircuitStatement((proof as { input?: unknown }).input, publicInputs, hasher);
}
