// SaleFilling (docs/reference/sales.md §3.2): post the collateral and the initial proof. Losing the race to a
// faster host is no failure: the slot is ignored and its collateral goes back to the availability.
// Once fillSlot returns, our collateral is on chain, whatever happens to this run afterwards.
import { isMarketError } from '../../ports/market';
import type { Proof } from '../../ports/proof';
import type { Sale } from '../sale';
import { SaleState } from '../state';
import { SaleCancelled } from './cancelled';
import { SaleFailed } from './failed';
import { SaleFilled } from './filled';
import { SaleIgnored } from './ignored';

/** Fills the slot with collateral and the initial proof. */
export class SaleFilling extends SaleState {
  readonly name = 'SaleFilling';

  constructor(
    /** The initial proof for the current period. */
    readonly proof: Proof,
  ) {
    super();
  }

  override onCancelled(): SaleState {
    return new SaleCancelled();
  }

  override onFailed(): SaleState {
    return new SaleFailed();
  }

  async run(agent: Sale, signal: AbortSignal): Promise<SaleState | undefined> {
    const { market, clock } = agent.context;
    const { requestId, slotIndex } = agent.data;
    // Discounted when the slot is being repaired (the repair reward).
    const collateral = await market.slotCollateral(requestId, slotIndex);
    signal.throwIfAborted();
    const filledAt = clock.now();
    try {
      await market.fillSlot(requestId, slotIndex, this.proof, collateral);
    } catch (error) {
      if (!isMarketError(error, 'Marketplace_SlotNotFree')) throw error;
      return new SaleIgnored({ reprocessSlot: false, returnsCollateral: true, reason: 'slot-filled-by-other' });
    }
    agent.data.collateralPosted = true;
    agent.record.set({ collateral, filledAt }, true);
    return new SaleFilled();
  }
}
