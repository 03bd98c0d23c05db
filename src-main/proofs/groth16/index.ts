// Groth16 proofs with snarkjs for Codex's Marketplace: the prover (a worker thread), the proof's
// contract form, and the verification key as the on-chain verifier's constructor takes it.
export * from './types';
export * from './errors';
export { Groth16Prover, type Groth16ProverOptions } from './prover';
export { toGroth16Proof, toSnarkjsProof, type SnarkjsProof } from './proof-mapping';
export {
  parseVerificationKey,
  verifierConstructorArgs,
  type ParsedVerificationKey,
  type VerificationKey,
  type VerifierConstructorArgs,
} from './verification-key';
export { checkCircuitInput } from './input';
