// Which verifier the devnet's Marketplace calls, and the proofs that go with it: the host's proof
// system and the competitors' prover. This is the one place to change when the devnet verifies
// real Groth16 proofs of the devnet circuit; until then the devnet deploys TestVerifier.
import { join } from 'node:path';
import type { ProofSystem, Repo } from '../../engine/index';
import { CodexStatementProofSystem, fileSlotTreeStorage, type BlockHasher } from '../../proofs/codex/index';
import type { CompetitorProver } from './actors/competitors';
import type { DevnetContent } from './content';
import type { VerifierChoice } from './deploy';
import { placeholderProof, TestVerifierProofSystem } from './test-verifier-proofs';

/** What a host's proofs on the devnet are built from. */
export interface HostProofContext {
  readonly repo: Repo;
  readonly hasher: BlockHasher;
  /** A folder for slot trees (wiped with the devnet at each start). */
  readonly treeDir: string;
  readonly content: DevnetContent;
}

/** The verifier and the proofs that pass it. */
export interface DevnetProofs {
  /** Which verifier runs, in words (for the log and the README). */
  readonly name: string;
  readonly verifier: VerifierChoice;
  /** The proof system of a host selling on this devnet. */
  hostProofSystem(context: HostProofContext): ProofSystem;
  readonly competitorProver: CompetitorProver;
}

/** TestVerifier, the host's Codex proof work checked against the statement, competitors' placeholders. */
export const testVerifierProofs: DevnetProofs = {
  name: 'TestVerifier (the host does Codex’s proof work up to the circuit statement; no Groth16 step)',
  verifier: { kind: 'test' },
  hostProofSystem: (context) =>
    new TestVerifierProofSystem(
      new CodexStatementProofSystem({
        repo: context.repo,
        hasher: context.hasher,
        treeStorage: (key) => fileSlotTreeStorage(join(context.treeDir, `${key}.tree`)),
        slotRoots: async (requestId) => {
          const dataset = context.content.datasetOf(requestId);
          if (!dataset) throw new Error(`no devnet client serves request ${requestId} any more`);
          return dataset.slotRoots;
        },
      }),
    ),
  competitorProver: async ({ requestId, slotIndex, challenge }) =>
    placeholderProof(`competitor:${requestId}:${slotIndex}:${challenge}`),
};
