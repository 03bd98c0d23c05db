// Proofs for a devnet whose Marketplace calls TestVerifier (Codex's development verifier: every
// proof but the all-zero one passes). The host still does all of Codex's proof work: Poseidon2 slot
// trees checked against the dataset, the sampled circuit input for the challenge, and that input
// checked against the circuit's statement; only the last Groth16 step is a placeholder the
// verifier accepts. A devnet with the real pairing verifier uses a Groth16 proof system instead.
import { getBytes, keccak256, toUtf8Bytes } from 'ethers';
import type {
  DatasetRoots,
  ProofChallenge,
  ProofPurpose,
  ProofReadiness,
  ProofSystem,
  ProvableSlot,
  StorageRequest,
} from '../../engine/index';
import {
  type CodexStatementProofSystem,
  marketPublicInputs,
  verifyCodexStatementProof,
} from '../../proofs/codex/index';
import { CHAIN_PROOF_SCHEME, type Groth16ChainProof } from '../chain/proof';

/** The placeholder proof TestVerifier accepts, bound to the statement it stands for. */
export function placeholderProof(seed: string): Groth16ChainProof {
  const word = (i: number) => BigInt(keccak256(getBytes(keccak256(toUtf8Bytes(`${seed}:${i}`))))) | 1n;
  return {
    scheme: CHAIN_PROOF_SCHEME,
    a: { x: word(0), y: word(1) },
    b: { x: { real: word(2), imag: word(3) }, y: { real: word(4), imag: word(5) } },
    c: { x: word(6), y: word(7) },
  };
}

/** What TestVerifier refuses: the all-zero proof (nim-codex's --simulate-proof-failures). */
export const ZERO_PROOF: Groth16ChainProof = {
  scheme: CHAIN_PROOF_SCHEME,
  a: { x: 0n, y: 0n },
  b: { x: { real: 0n, imag: 0n }, y: { real: 0n, imag: 0n } },
  c: { x: 0n, y: 0n },
};

/** Codex's proof work up to the circuit's statement, sent as a proof TestVerifier accepts. */
export class TestVerifierProofSystem implements ProofSystem {
  readonly scheme = CHAIN_PROOF_SCHEME;

  constructor(private readonly codex: CodexStatementProofSystem) {}

  readiness(): Promise<ProofReadiness> {
    return this.codex.readiness();
  }
  checkDataset(request: StorageRequest, dataset: DatasetRoots): Promise<void> {
    return this.codex.checkDataset(request, dataset);
  }
  verifySlot(slot: ProvableSlot, dataset: DatasetRoots, signal: AbortSignal): Promise<void> {
    return this.codex.verifySlot(slot, dataset, signal);
  }

  async prove(
    slot: ProvableSlot,
    challenge: ProofChallenge,
    signal: AbortSignal,
    purpose?: ProofPurpose,
  ): Promise<Groth16ChainProof> {
    const statement = await this.codex.prove(slot, challenge, signal, purpose);
    const inputs = marketPublicInputs(challenge, slot.request.content.merkleRoot, slot.slotIndex);
    if (!inputs) throw new Error(`request ${slot.requestId} has no provable content.merkleRoot`);
    const checked = verifyCodexStatementProof(statement, inputs);
    if (!checked.ok) {
      throw new Error(
        `the circuit input of slot ${slot.slotIndex} does not satisfy the circuit's statement (${checked.failure.message})`,
      );
    }
    return placeholderProof(statement.publicInputs.join(':'));
  }

  invalidProof(): Groth16ChainProof {
    return ZERO_PROOF;
  }
  forget(dataKey: string): Promise<void> {
    return this.codex.forget(dataKey);
  }
}
