// SalePayout (docs/reference/sales.md §3.2): the request finished; freeSlot pays the reward for the time we
// hosted and gives the collateral back. The collateral is read first because freeing moves it.
import type { Sale } from '../sale';
import { payoutFor } from '../chain-math';
import { requireSlot, SaleState } from '../state';
import { SaleCancelled } from './cancelled';
import { SaleFailed } from './failed';
import { SaleFinished } from './finished';

/** Collects the payout and the collateral. */
export class SalePayout extends SaleState {
  readonly name = 'SalePayout';

  override onCancelled(): SaleState {
    return new SaleCancelled();
  }

  override onFailed(): SaleState {
    return new SaleFailed();
  }

  async run(agent: Sale, signal: AbortSignal): Promise<SaleState | undefined> {
    const slot = requireSlot(agent, this.name);
    const { market } = agent.context;
    const currentCollateral = await market.currentCollateral(slot.slotId);
    const endsAt = await market.getRequestEnd(slot.requestId);
    signal.throwIfAborted();
    await market.freeSlot(slot.slotId);
    const { filledAt } = agent.record.sale;
    const payout = filledAt === undefined ? undefined : payoutFor(slot.request, filledAt, endsAt);
    agent.record.set({ collateralReturned: currentCollateral, endsAt, ...(payout === undefined ? {} : { payout }) });
    agent.record.outcome('payout', payout === undefined ? {} : { amount: payout });
    return new SaleFinished(currentCollateral);
  }
}
