// Building a proof for one proof period (spec/sales.md §6.4): the chain checks a proof against the
// slot's challenge at the moment it arrives, and the challenge changes with the period (and when the
// slot's pointer wraps, inside the downtime). So the period and the challenge are checked again
// after the proof is built: a proof whose challenge moved on within the period is built again, one
// whose period ended is late and is never sent. Proofs are built a few at a time (the proofs
// semaphore), the proofs of slots we hold first; the purpose goes on to the proof system, which
// serves the hashing of a held slot's proof before onboarding and the rest.
import type { Period, ProofChallenge } from '../ports/market';
import type { Proof } from '../ports/proof';
import type { ProofPurpose } from '../ports/proof-system';
import { buildProof } from './build-proof';
import type { SaleSlot } from './context';
import { periodOf } from './chain-math';
import type { Sale } from './sale';

/** A proof ready to be sent in `period`. */
export interface PeriodProof {
  readonly proof: Proof;
  readonly challenge: ProofChallenge;
  readonly period: Period;
}

/** Times a proof is built again within one period when the challenge changed under it. */
const REBUILDS = 2;

/**
 * The proof answering the slot's challenge in `period`, or 'late' when that period ended before a
 * proof for its current challenge was ready. Throws what onProve throws; every build's time is recorded.
 */
export async function proveForPeriod(
  agent: Sale,
  slot: SaleSlot,
  period: Period,
  periodSeconds: number,
  purpose: ProofPurpose,
  signal: AbortSignal,
): Promise<PeriodProof | 'late'> {
  const { market, clock, proofs } = agent.context;
  const stillInPeriod = (): boolean => periodOf(clock.now(), periodSeconds) === period;
  return proofs.run(
    signal,
    async () => {
      for (let attempt = 0; attempt <= REBUILDS && stillInPeriod(); attempt++) {
        const challenge = await market.getChallenge(slot.slotId);
        signal.throwIfAborted();
        const proof = await buildProof(agent, slot, challenge, purpose, signal);
        signal.throwIfAborted();
        if (!stillInPeriod()) break;
        if ((await market.getChallenge(slot.slotId)) === challenge) return { proof, challenge, period };
      }
      return 'late' as const;
    },
    purpose === 'held',
  );
}
