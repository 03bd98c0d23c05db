// SaleFilled (docs/reference/sales.md §3.2): the slot is filled — by us, or (reached through a SlotFilled
// event while preparing or downloading) by someone else. Ours: free the queue worker, tell the
// operator, extend the data's retention and start proving. Not ours: the sale ends here.
import type { Sale } from '../sale';
import { hostMismatch } from '../errors';
import { requireSlot, SaleState } from '../state';
import { SaleCancelled } from './cancelled';
import { SaleErrored } from './errored';
import { SaleFailed } from './failed';
import { SaleProving } from './proving';
import { SaleProvingSimulated } from './proving-simulated';

/** Checks who holds the slot and starts proving when it is us. */
export class SaleFilled extends SaleState {
  readonly name = 'SaleFilled';

  override onCancelled(): SaleState {
    return new SaleCancelled();
  }

  override onFailed(): SaleState {
    return new SaleFailed();
  }

  async run(agent: Sale, signal: AbortSignal): Promise<SaleState | undefined> {
    const slot = requireSlot(agent, this.name);
    const { market, onExpiryUpdate, simulateProofFailures } = agent.context;
    const host = await market.getHost(slot.requestId, slot.slotIndex);
    const me = await agent.signer();
    signal.throwIfAborted();
    if (host?.toLowerCase() !== me) {
      agent.record.set({ ignoredReason: 'slot-filled-by-other' });
      return new SaleErrored(hostMismatch());
    }
    agent.data.collateralPosted = true;
    agent.onFilled?.(slot.request, slot.slotIndex);
    agent.record.outcome('slot-won');
    const requestEnd = await market.getRequestEnd(slot.requestId);
    agent.record.set({ endsAt: requestEnd });
    await onExpiryUpdate?.(slot, requestEnd);
    signal.throwIfAborted();
    return simulateProofFailures > 0 ? new SaleProvingSimulated(simulateProofFailures) : new SaleProving();
  }
}
