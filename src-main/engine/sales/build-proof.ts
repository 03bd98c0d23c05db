// A proof built for a sale, its wall time recorded in the sale's history (shown in the slot
// detail): how close proving runs to the period, whatever the proof system.
import type { ProofChallenge } from '../ports/market';
import type { Proof } from '../ports/proof';
import type { ProofPurpose } from '../ports/proof-system';
import type { SaleSlot } from './context';
import type { Sale } from './sale';

/** The proof for `challenge` from the sale's stored slot, built with `purpose`'s urgency, timed. */
export async function buildProof(
  agent: Sale,
  slot: SaleSlot,
  challenge: ProofChallenge,
  purpose: ProofPurpose,
  signal: AbortSignal,
): Promise<Proof> {
  const started = performance.now();
  const { reservation, dataKey } = agent.data;
  const where = dataKey === undefined ? { reservation } : { reservation, dataKey };
  const proof = await agent.context.onProve({ ...slot, ...where }, challenge, signal, purpose);
  agent.record.proofBuilt(performance.now() - started);
  return proof;
}
