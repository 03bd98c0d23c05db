// SaleDownloading (docs/reference/sales.md §3.2): fetch the slot's data into the repo through onStore. Each
// stored batch moves its bytes from the reservation's "reserved" to "written" in one transaction,
// so the byte accounting balances even if the process dies mid-download. Repairs release bytes the
// same way (Codex never released them while repairing).
import type { Sale } from '../sale';
import { requireSlot, SaleState } from '../state';
import { SaleCancelled } from './cancelled';
import { SaleFailed } from './failed';
import { SaleFilled } from './filled';
import { SaleInitialProving } from './initial-proving';

/** Downloads and stores the slot's data. */
export class SaleDownloading extends SaleState {
  readonly name = 'SaleDownloading';

  override onCancelled(): SaleState {
    return new SaleCancelled();
  }

  override onFailed(): SaleState {
    return new SaleFailed();
  }

  override onSlotFilled(): SaleState {
    return new SaleFilled();
  }

  async run(agent: Sale, signal: AbortSignal): Promise<SaleState | undefined> {
    const slot = requireSlot(agent, this.name);
    const reservation = agent.data.reservation;
    if (reservation === undefined) throw new Error(`${this.name} needs a reservation for slot ${slot.slotId}`);
    const { market, reservations, events, onStore } = agent.context;

    const requestState = await market.requestState(slot.requestId);
    const isRepairing = (await market.slotState(slot.slotId)) === 'Repair';
    const expiry =
      requestState === 'Started'
        ? await market.getRequestEnd(slot.requestId)
        : await market.requestExpiresAt(slot.requestId);
    signal.throwIfAborted();

    let downloaded = reservation.writtenSize;
    const onBatch = (bytes: bigint): void => {
      const released = reservations.release(reservation.id, reservation.availabilityId, bytes);
      agent.data.reservation = released;
      downloaded += bytes;
      agent.record.progress(downloaded);
      events.emit({ type: 'reservation-changed', reservation: released });
    };
    await onStore({ ...slot, reservation, isRepairing, expiry }, onBatch, signal);
    signal.throwIfAborted();
    agent.record.set({ downloadedBytes: downloaded });
    return new SaleInitialProving();
  }
}
