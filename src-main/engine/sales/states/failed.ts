// SaleFailed (docs/reference/sales.md §3.2): the request failed (too many slots lost). If we held the slot we
// leave it with freeSlot, which pays nothing: the collateral is forfeited. Then the sale errs with
// "Sale failed" (Codex's flow); a failing freeSlot errs with its own error instead. Unlike Codex,
// freeSlot is only called when the slot is ours, so an unfilled sale does not err for the wrong reason.
import type { Sale } from '../sale';
import { collateralPerSlot } from '../chain-math';
import { saleFailed } from '../errors';
import { requireSlot, SaleState } from '../state';
import { SaleErrored } from './errored';

/** The end of a sale whose request failed. */
export class SaleFailed extends SaleState {
  readonly name = 'SaleFailed';

  override get note(): string {
    return 'the request lost more slots than it tolerates';
  }

  async run(agent: Sale): Promise<SaleState | undefined> {
    const slot = requireSlot(agent, this.name);
    const { market } = agent.context;
    const host = await market.getHost(slot.requestId, slot.slotIndex);
    let lost: bigint | undefined;
    // Only a slot we hold is left: freeSlot on anyone else's would fail and hide the real reason.
    if (host !== undefined && host.toLowerCase() === (await agent.signer())) {
      const current = await market.currentCollateral(slot.slotId);
      // A repair fill posted less than the slot's collateral (the repair reward): that is what is lost.
      const posted = agent.record.sale.collateral;
      lost = current < posted ? current : posted;
      await market.freeSlot(slot.slotId);
      agent.record.set({ slashed: collateralPerSlot(slot.request), collateralReturned: 0n });
    }
    agent.record.outcome('request-failed', lost === undefined ? {} : { amount: lost });
    return new SaleErrored(saleFailed());
  }
}
