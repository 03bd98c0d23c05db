// SaleProving (docs/reference/sales.md §3.2, §6.4): once per period, read the slot's state on chain; while it
// is Filled answer every required challenge from the stored bytes; when the request finished, go
// collect the payout. A slot taken from us (Repair) or no longer filled ends the sale in error.
// Slashes are followed through the contract's missed-proof counter, so the operator is told.
// Unlike Codex: the sale wakes at the request's end, not at the next period after it, so the payout
// is collected on time; a proof ready only after its period is never sent (it would revert) but
// counted late and alerted; a proof the chain already has (a restart within the period) is success.
import { isMarketError, type Period, type SlotState } from '../../ports/market';
import { raiseProofsMissed, raiseSlotForfeited } from '../../alerts/sale-alerts';
import type { Sale } from '../sale';
import { collateralPerSlot, periodEnd, periodOf, spreadOffset } from '../chain-math';
import type { SaleSlot } from '../context';
import { errorMessage, slotFreed, slotNotFilled } from '../errors';
import { proveForPeriod } from '../period-proof';
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
    // The slot reads Finished from the second after the request's end.
    const finishes = (await market.getRequestEnd(slot.requestId)) + 1;
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
          signal.throwIfAborted();
          const submitted = await this.prove(agent, slot, current, period, signal);
          if (submitted !== 'already-proven') {
            // The requirement and its answer are counted together, persisted with the next batch.
            agent.record.proofs({ required: 1, submitted: submitted ? 1 : 0 }, periodEnd(current, period));
          }
        }
      }
      const next = periodEnd(current, period) + offset;
      await clock.waitUntil(clock.now() < finishes && finishes < next ? finishes : next, signal);
    }
  }

  /**
   * Builds and submits the proof for `current`; false when it could not be built, or only after its
   * period (late: not sent), which leaves the period unproven (the validator may slash it).
   */
  protected async prove(
    agent: Sale,
    slot: SaleSlot,
    current: Period,
    periodSeconds: number,
    signal: AbortSignal,
  ): Promise<boolean | 'already-proven'> {
    const { market, logger, pacing } = agent.context;
    let built;
    try {
      built = await proveForPeriod(agent, slot, current, periodSeconds, 'held', signal);
    } catch (error) {
      if (isCancellation(error, signal)) throw error;
      logger.error('could not build a proof; this period stays unproven', {
        slotId: slot.slotId,
        error: errorMessage(error),
      });
      return false;
    }
    if (built === 'late') {
      pacing.proofLate(slot.slotId, current, 'held');
      return false;
    }
    pacing.proofOnTime(current);
    try {
      await market.submitProof(slot.slotId, built.proof);
      return true;
    } catch (error) {
      // Sent before a restart within this period: the chain has it, and it was counted then.
      if (isMarketError(error, 'Proofs_ProofAlreadySubmitted')) {
        logger.info('proof for this period was already accepted', { slotId: slot.slotId, period: current });
        return 'already-proven';
      }
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
    agent.record.outcome('proofs-missed', { amount, key: String(missing), reason: missedReason(missing) });
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

/** "1 proof missed", "3 proofs missed": the count is of all this slot's missed proofs so far. */
function missedReason(missing: number): string {
  return `${missing} ${missing === 1 ? 'proof' : 'proofs'} missed`;
}
