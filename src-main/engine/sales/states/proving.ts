// SaleProving (docs/reference/sales.md §3.2, §6.4): once per period, read the slot's state on chain; while it
// is Filled answer every required challenge from the stored bytes; when the request finished, go
// collect the payout. A slot taken from us (Repair) or no longer filled ends the sale in error.
// Slashes are followed through the contract's missed-proof counter, so the operator is told.
import type { ProofChallenge, SlotState } from '../../ports/market';
import { raiseProofsMissed, raiseSlotForfeited } from '../../alerts/sale-alerts';
import type { Sale } from '../sale';
import { collateralPerSlot, periodEnd, periodOf, spreadOffset } from '../chain-math';
import type { SaleSlot } from '../context';
import { errorMessage, slotFreed, slotNotFilled } from '../errors';
import { isCancellation, requireSlot, SaleState } from '../state';
import { SaleCancelled } from './cancelled';
import { SaleFailed } from './failed';
import { SalePayout } from './payout';

/** Proves the slot every period until the request ends. */
export class SaleProving extends SaleState {
  readonly name: 'SaleProving' | 'SaleProvingSimulated' = 'SaleProving';

  override onCancelled(): SaleState {
    return new SaleCancelled();
  }

  override onFailed(): SaleState {
    return new SaleFailed();
  }

  async run(agent: Sale, signal: AbortSignal): Promise<SaleState | undefined> {
    const slot = requireSlot(agent, this.name);
    const { market, clock, timings } = agent.context;
    const period = (await market.periodicity()).seconds;
    const offset = timings.periodGraceSeconds + spreadOffset(slot.slotId, timings.proofSpreadSeconds, period);
    for (;;) {
      const current = periodOf(clock.now(), period);
      const state: SlotState = await market.slotState(slot.slotId);
      signal.throwIfAborted();
      if (state === 'Finished') return new SalePayout();
      if (state === 'Repair') {
        await this.recordForfeit(agent, slot);
        throw slotFreed();
      }
      if (state === 'Free' || state === 'Paid') throw slotNotFilled(state);
      // Cancelled and Failed wait here: the expiry watcher or RequestFailed moves the sale.
      if (state === 'Filled') {
        await this.followSlashes(agent, slot);
        if ((await market.isProofRequired(slot.slotId)) || (await market.willProofBeRequired(slot.slotId))) {
          const challenge = await market.getChallenge(slot.slotId);
          signal.throwIfAborted();
          // One write per period: the requirement and its answer are counted together.
          const submitted = await this.prove(agent, slot, challenge, signal);
          agent.record.proofs({ required: 1, submitted: submitted ? 1 : 0 });
        }
      }
      await clock.waitUntil(periodEnd(current, period) + offset, signal);
    }
  }

  /** Builds and submits one proof; false when it failed, which leaves the period unproven (the validator may slash it). */
  protected async prove(agent: Sale, slot: SaleSlot, challenge: ProofChallenge, signal: AbortSignal): Promise<boolean> {
    const { market, onProve, logger } = agent.context;
    let proof;
    try {
      proof = await onProve({ ...slot, reservation: agent.data.reservation }, challenge, signal);
    } catch (error) {
      if (isCancellation(error, signal)) throw error;
      logger.error('could not build a proof; this period stays unproven', {
        slotId: slot.slotId,
        error: errorMessage(error),
      });
      return false;
    }
    try {
      await market.submitProof(slot.slotId, proof);
      return true;
    } catch (error) {
      logger.error('proof submission failed', { slotId: slot.slotId, error: errorMessage(error) });
      return false;
    }
  }

  /** Tells the operator about proofs the validator marked missing since we last looked. */
  private async followSlashes(agent: Sale, slot: SaleSlot): Promise<void> {
    const { market } = agent.context;
    const missing = await market.missingProofs(slot.slotId);
    const known = agent.record.sale.proofs.missed;
    if (missing <= known) return;
    const slashed = collateralPerSlot(slot.request) - (await market.currentCollateral(slot.slotId));
    const amount = slashed - (agent.record.sale.slashed ?? 0n);
    agent.record.set({ slashed });
    agent.record.proofs({ missed: missing - known });
    agent.record.outcome('proofs-missed', { amount, key: String(missing), reason: `${missing} proofs missed` });
    raiseProofsMissed(agent.context.alerter, { ...slot, missed: missing, slashed });
  }

  /** The slot was taken from us: the last slash freed it and the rest of the collateral is forfeited. */
  private async recordForfeit(agent: Sale, slot: SaleSlot): Promise<void> {
    const { collateral } = await agent.context.market.configuration();
    const known = agent.record.sale.proofs.missed;
    const lastMissed = Math.max(0, collateral.maxNumberOfSlashes - known);
    const amount = collateralPerSlot(slot.request) - (agent.record.sale.slashed ?? 0n);
    agent.record.set({ slashed: collateralPerSlot(slot.request) });
    if (lastMissed > 0) agent.record.proofs({ missed: lastMissed });
    agent.record.outcome('proofs-missed', {
      amount,
      key: 'forfeit',
      reason: 'slot taken away after missed proofs; its collateral is forfeited',
    });
    const forfeited = collateralPerSlot(slot.request);
    raiseSlotForfeited(agent.context.alerter, { ...slot, missed: known + lastMissed, forfeited });
  }
}
