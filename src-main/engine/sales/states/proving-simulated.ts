// SaleProvingSimulated (docs/reference/sales.md §3.2): SaleProving that submits an invalid proof every n-th
// time, like Codex's --simulate-proof-failures, so an operator (or a test) can watch slashing and
// repair happen without breaking anything real.
import { isMarketError, type ProofChallenge } from '../../ports/market';
import type { Sale } from '../sale';
import type { SaleSlot } from '../context';
import { errorMessage } from '../errors';
import { SaleProving } from './proving';

/** Proves like SaleProving, but every n-th proof is deliberately invalid. */
export class SaleProvingSimulated extends SaleProving {
  override readonly name = 'SaleProvingSimulated';
  private proofCount = 0;

  constructor(
    /** Every n-th proof is invalid. */
    readonly failEveryNProofs: number,
  ) {
    super();
  }

  protected override async prove(
    agent: Sale,
    slot: SaleSlot,
    challenge: ProofChallenge,
    signal: AbortSignal,
  ): Promise<boolean> {
    this.proofCount++;
    if (this.failEveryNProofs <= 0 || this.proofCount % this.failEveryNProofs !== 0) {
      return super.prove(agent, slot, challenge, signal);
    }
    this.proofCount = 0;
    try {
      await agent.context.market.submitProof(slot.slotId, agent.context.invalidProof());
    } catch (error) {
      // The rejection is the point; anything else is worth a log line.
      if (!isMarketError(error, 'Proofs_InvalidProof')) {
        agent.context.logger.warn('simulated proof failure: submission failed', { error: errorMessage(error) });
      }
    }
    return false;
  }
}
