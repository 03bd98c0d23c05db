// SaleSlotReserving (docs/reference/sales.md §3.2, Codex #917): join the slot's on-chain reservation set
// before spending bandwidth on its data. The contract admits a few hosts per slot; when the set is
// full (or we may not join) the slot is ignored and its collateral goes back to the availability.
import { isMarketError } from '../../ports/market';
import type { Sale } from '../sale';
import { SaleState } from '../state';
import { SaleCancelled } from './cancelled';
import { SaleDownloading } from './downloading';
import { SaleFailed } from './failed';
import { SaleIgnored } from './ignored';

/** Reserves the slot on chain. */
export class SaleSlotReserving extends SaleState {
  readonly name = 'SaleSlotReserving';

  override onCancelled(): SaleState {
    return new SaleCancelled();
  }

  override onFailed(): SaleState {
    return new SaleFailed();
  }

  async run(agent: Sale, signal: AbortSignal): Promise<SaleState | undefined> {
    const full = () => new SaleIgnored({ reprocessSlot: false, returnsCollateral: true, reason: 'reservations-full' });
    const { market } = agent.context;
    const { requestId, slotIndex } = agent.data;
    const canReserve = await market.canReserveSlot(requestId, slotIndex);
    signal.throwIfAborted();
    if (!canReserve) return full();
    try {
      await market.reserveSlot(requestId, slotIndex);
    } catch (error) {
      if (isMarketError(error, 'SlotReservations_ReservationNotAllowed')) return full();
      throw error;
    }
    return new SaleDownloading();
  }
}
