// SaleUnknown (docs/reference/sales.md §3.2): the entry of a slot found active on chain at start-up. Learn the
// request, then continue from whatever the chain says the slot is now. Its reservation was
// re-attached by Sales (Codex lost it), so whatever ending comes returns bytes and collateral.
import { raiseSlotForfeited } from '../../alerts/sale-alerts';
import type { Sale } from '../sale';
import { collateralPerSlot, payoutFor } from '../chain-math';
import { requestUnknown, slotFreed, unexpectedSlotState } from '../errors';
import { SaleState } from '../state';
import { SaleCancelled } from './cancelled';
import { SaleErrored } from './errored';
import { SaleFailed } from './failed';
import { SaleFilled } from './filled';
import { SaleFinished } from './finished';
import { SalePayout } from './payout';

/** Restores a sale after a restart from the slot's state on chain. */
export class SaleUnknown extends SaleState {
  readonly name = 'SaleUnknown';

  override onCancelled(): SaleState {
    return new SaleCancelled();
  }

  override onFailed(): SaleState {
    return new SaleFailed();
  }

  async run(agent: Sale, signal: AbortSignal): Promise<SaleState | undefined> {
    await agent.retrieveRequest();
    agent.subscribe();
    const { request, slotId, requestId } = agent.data;
    if (request === undefined) return new SaleErrored(requestUnknown());
    const { market } = agent.context;
    const state = await market.slotState(slotId);
    signal.throwIfAborted();
    switch (state) {
      case 'Free':
        return new SaleErrored(unexpectedSlotState(state));
      case 'Filled':
        return new SaleFilled();
      case 'Finished':
        return new SalePayout();
      case 'Paid': {
        // Paid before the restart: the collateral came back with the payout.
        const returned = await market.currentCollateral(slotId);
        const { filledAt, payout } = agent.record.sale;
        if (payout === undefined && filledAt !== undefined) {
          agent.record.set({ payout: payoutFor(request, filledAt, await market.getRequestEnd(requestId)) });
        }
        agent.record.set({ collateralReturned: returned });
        return new SaleFinished(returned);
      }
      case 'Failed':
        return new SaleFailed();
      case 'Cancelled':
        return new SaleCancelled();
      case 'Repair': {
        // Taken away while we were down: tell it as the loss it is (SaleErrored stays quiet on slot-freed).
        const { missed } = agent.record.sale.proofs;
        raiseSlotForfeited(agent.context.alerter, { ...agent.data, missed, forfeited: collateralPerSlot(request) });
        return new SaleErrored(slotFreed());
      }
    }
  }
}
