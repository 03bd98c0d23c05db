// What a chain sale needs and this build does not have yet stands in as a part that says so: a
// data source that finds no dataset and a proof system that is not ready, each naming what is
// missing. Selling is refused while the proof system is not ready (nothing is reserved), so a host
// connected to a real chain watches the market, shows its wallet and status, and sells nothing.
import {
  ContentUnavailableError,
  type ProofReadiness,
  type ProofSystem,
  type SlotDataSource,
} from '../../engine/index';
import { CHAIN_PROOF_SCHEME } from './proof';

/** A data source for a market whose slot data cannot be fetched in this build. */
export function missingDataSource(reason: string): SlotDataSource {
  return {
    canRepair: false,
    dataset: async ({ requestId }) => {
      throw new ContentUnavailableError(requestId, reason);
    },
  };
}

/** A Groth16 proof system that is not ready, and why; every proving call fails with the same reason. */
export function missingProofSystem(reason: string): ProofSystem {
  const refuse = async (): Promise<never> => {
    throw new Error(reason);
  };
  return {
    scheme: CHAIN_PROOF_SCHEME,
    readiness: async (): Promise<ProofReadiness> => ({ ready: false, reason }),
    checkDataset: refuse,
    verifySlot: refuse,
    prove: refuse,
    invalidProof: () => ({ scheme: CHAIN_PROOF_SCHEME }),
    forget: async () => {},
  };
}

/** Why a chain sale cannot download in this build. */
export const NO_DATA_PLANE =
  'the Codex network (block exchange) is not in this build yet, so slot data cannot be downloaded from a chain client';
/** Why a chain sale cannot prove in this build. */
export const NO_GROTH16_SYSTEM =
  'the Groth16 proof system for Codex circuits is not in this build yet, so proofs for a chain cannot be made';
