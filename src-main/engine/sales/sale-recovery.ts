// Start-up recovery (docs/reference/sales.md §2.3, with the fixes listed in docs/architecture.md): slot data
// and reservations of sales that did not survive the restart are dropped (their bytes and
// collateral go back), the history's unfinished sales are closed, and every slot still ours is
// handed back to be resumed in SaleUnknown with its reservation re-attached.
import type { Clock } from '../ports/clock';
import type { SaleHistoryStore, SaleRecord } from '../ports/history';
import type { Market, RequestId, Slot, SlotId } from '../ports/market';
import type { Repo, Reservation } from '../ports/store';
import type { Reservations } from '../reservations/reservations';
import { interrupted } from './errors';
import type { SalesEvents } from './events';
import { SaleRecorder } from './sale-recorder';

/** What recovery reads and repairs. */
export interface RecoveryDependencies {
  readonly market: Market;
  readonly repo: Repo;
  readonly history: SaleHistoryStore;
  readonly clock: Clock;
  readonly reservations: Reservations;
  readonly events: SalesEvents;
}

/** A slot we still hold, ready to be resumed. */
export interface HeldSale {
  readonly slot: Slot;
  readonly requestId: RequestId;
  readonly slotId: SlotId;
  readonly reservation: Reservation | undefined;
  /** The sale's history, resumed from its open record or started anew. */
  readonly record: SaleRecorder;
}

/** Brings the books in line with the slots the market says we hold. */
export class SaleRecovery {
  constructor(private readonly deps: RecoveryDependencies) {}

  /** Restores what we hold among `active`, drops what we do not; returns the sales to resume. */
  async restore(active: readonly Slot[]): Promise<HeldSale[]> {
    const { market, repo, reservations, events, history, clock } = this.deps;
    const held = active.map((slot) => {
      const requestId = market.requestId(slot.request);
      const slotId = market.slotId(requestId, slot.slotIndex);
      return {
        slot,
        requestId,
        slotId,
        reservation: reservations.reservationForSlot({ requestId, slotIndex: slot.slotIndex }),
      };
    });
    const kept = new Map(held.map((h) => [h.slotId, h.reservation]));

    // Data first: whatever no surviving reservation holds belongs to a sale that is over.
    const keep = new Set(held.flatMap((h) => (h.reservation ? [h.reservation.id] : [])));
    for (const key of repo.listSlots()) {
      if (!keep.has(key)) await repo.deleteSlotData(key);
    }
    const refs = held.map((h) => ({ requestId: h.requestId, slotIndex: h.slot.slotIndex }));
    for (const reservation of reservations.deleteInactiveReservations(refs)) {
      events.emit({
        type: 'reservation-removed',
        reservationId: reservation.id,
        availabilityId: reservation.availabilityId,
      });
      events.emit({
        type: 'availability-changed',
        availability: reservations.getAvailability(reservation.availabilityId),
      });
    }

    // The sale to resume for a held slot is its newest *open* one: a newer, ended record of the same
    // slot (a retry ignored as slot-not-free) must not leave the running sale open for ever.
    const resumable = new Map<string, SaleRecord>();
    for (const sale of history.openSales()) {
      const earlier = resumable.get(sale.slotId);
      if (!kept.has(sale.slotId)) this.closeLostSale(sale);
      else if (earlier === undefined || earlier.id < sale.id) {
        if (earlier !== undefined) this.closeLostSale(earlier);
        resumable.set(sale.slotId, sale);
      } else this.closeLostSale(sale);
    }
    return held.map((h) => {
      const open = resumable.get(h.slotId);
      const record =
        open !== undefined
          ? SaleRecorder.resume(history, events, clock, open)
          : SaleRecorder.create(history, events, clock, restoredFacts(h.slot, h.slotId, h.requestId, clock.now()));
      if (h.reservation !== undefined) {
        record.set({ availabilityId: h.reservation.availabilityId, reservationId: h.reservation.id });
      }
      return { ...h, record };
    });
  }

  /** A sale the history shows running whose slot is not ours after the restart. */
  private closeLostSale(sale: SaleRecord): void {
    const { history, events, clock } = this.deps;
    const record = SaleRecorder.resume(history, events, clock, sale);
    const endedAt = clock.now();
    if (sale.payout !== undefined) {
      record.entered('SaleFinished', 'paid before the restart', { endedAt });
    } else if (sale.filledAt === undefined) {
      const error = interrupted();
      record.entered('SaleErrored', error.message, { error: error.message, endedAt });
    } else {
      const message = 'Slot no longer held by this host after a restart';
      record.entered('SaleErrored', message, { error: message, endedAt });
    }
  }
}

function restoredFacts(slot: Slot, slotId: string, requestId: string, now: number) {
  const { ask } = slot.request;
  return {
    slotId,
    requestId,
    slotIndex: slot.slotIndex,
    state: 'SaleUnknown' as const,
    slotSize: ask.slotSize,
    duration: ask.duration,
    pricePerBytePerSecond: ask.pricePerBytePerSecond,
    collateral: ask.collateralPerByte * ask.slotSize,
    downloadedBytes: ask.slotSize,
    startedAt: now,
    proofs: { required: 0, submitted: 0, missed: 0 },
  };
}
