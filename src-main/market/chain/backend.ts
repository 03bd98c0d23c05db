// The `chain` market as one MarketBackend: the connected session's market, clock and wallet, with
// the slot data source and proof system the caller builds (the network and the Groth16 prover live
// elsewhere). Closing the bundle closes the session.
import type { ProofSystem, SlotDataSource } from '../../engine/index';
import type { MarketBackend } from '../backend';
import { CHAIN_PROOF_SCHEME } from './proof';
import type { ChainSession } from './session';

/** A chain backend, with the session for the dashboard's status and the bench's counts. */
export interface ChainBackend extends MarketBackend {
  readonly kind: 'chain';
  readonly session: ChainSession;
}

/** Bundles a connected session; refuses a proof system whose proofs the chain's verifier cannot check. */
export function createChainBackend(
  session: ChainSession,
  parts: { dataSource: SlotDataSource; proofSystem: ProofSystem },
): ChainBackend {
  if (parts.proofSystem.scheme !== CHAIN_PROOF_SCHEME) {
    throw new Error(
      `the chain's Marketplace verifies ${CHAIN_PROOF_SCHEME} proofs; the proof system makes "${parts.proofSystem.scheme}" proofs`,
    );
  }
  return {
    kind: 'chain',
    session,
    market: session.market,
    clock: session.clock,
    dataSource: parts.dataSource,
    proofSystem: parts.proofSystem,
    wallet: session.wallet,
    close: () => session.close(),
  };
}
