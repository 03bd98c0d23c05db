// SaleCancelled (docs/reference/sales.md §3.2): the request expired before all its slots were filled. If we
// had filled ours, freeSlot pays for the time hosted and returns the collateral (a slot already
// freed is tolerated); either way the sale cleans up.
import { isMarketError } from '../../ports/market';
import type { Sale } from '../sale';
import { payoutFor } from '../chain-math';
import { requireSlot, SaleState } from '../state';

/** The end of a sale whose request expired. */
export class SaleCancelled extends SaleState {
  readonly name = 'SaleCancelled';

  async run(agent: Sale): Promise<SaleState | undefined> {
    const slot = requireSlot(agent, this.name);
    const { market, logger, onClear } = agent.context;
    let returnedCollateral: bigint | undefined;
    let payout: bigint | undefined;
    const host = await market.getHost(slot.requestId, slot.slotIndex);
    if (host !== undefined && host.toLowerCase() === (await agent.signer())) {
      returnedCollateral = await market.currentCollateral(slot.slotId);
      const expiresAt = await market.requestExpiresAt(slot.requestId);
      try {
        await market.freeSlot(slot.slotId);
        const { filledAt } = agent.record.sale;
        if (filledAt !== undefined) payout = payoutFor(slot.request, filledAt, expiresAt);
      } catch (error) {
        if (!isMarketError(error, 'Marketplace_SlotIsFree', 'Marketplace_AlreadyPaid')) throw error;
        logger.warn('cancelled slot was already freed', { slotId: slot.slotId, code: error.code });
      }
      agent.record.set({ collateralReturned: returnedCollateral, ...(payout === undefined ? {} : { payout }) });
    }
    agent.record.outcome('request-cancelled', payout === undefined ? {} : { amount: payout });
    onClear?.(slot);
    await agent.onCleanUp(false, returnedCollateral);
    logger.info('Sale cancelled due to timeout', { slotId: slot.slotId });
    return undefined;
  }
}
