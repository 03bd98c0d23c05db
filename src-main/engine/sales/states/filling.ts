// SaleFilling (docs/reference/sales.md §3.2): post the collateral and the initial proof. Losing the race to a
// faster host is no failure: the slot is ignored and its collateral goes back to the availability.
// Once fillSlot returns, our collateral is on chain, whatever happens to this run afterwards. A
// proof whose period ended before fillSlot could be sent goes back to be built again: the chain
// would refuse it, and a revert costs gas.
import { isMarketError, type Period } from '../../ports/market';
import type { Proof } from '../../ports/proof';
import { periodOf } from '../chain-math';
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
    /** The period the proof answers; undefined when unknown (sent as is). */
    readonly period?: Period,
    /** Where a proof whose period ended goes to be built again (SaleInitialProving, which leads here). */
    readonly proveAgain?: () => SaleState,
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
    if (this.period !== undefined && this.proveAgain !== undefined) {
      if (periodOf(clock.now(), (await market.periodicity()).seconds) !== this.period) {
        agent.context.pacing.proofLate(agent.data.slotId, this.period, 'filling');
        return this.proveAgain();
      }
    }
    // On a chain the fill lands in a later block than this reading: the market's receipt says when.
    let filledAt = clock.now();
    try {
      const receipt = await market.fillSlot(requestId, slotIndex, this.proof, collateral);
      if (receipt) filledAt = receipt.filledAt;
    } catch (error) {
      // A sale resumed after a restart that had lost its place in the slot's reservations.
      if (agent.data.resumed && isMarketError(error, 'Marketplace_ReservationRequired')) {
        return new SaleIgnored({ reprocessSlot: false, returnsCollateral: true, reason: 'reservations-full' });
      }
      if (!isMarketError(error, 'Marketplace_SlotNotFree')) throw error;
      return new SaleIgnored({ reprocessSlot: false, returnsCollateral: true, reason: 'slot-filled-by-other' });
    }
    agent.data.collateralPosted = true;
    agent.record.set({ collateral, filledAt }, true);
    return new SaleFilled();
  }
}
