// Start-up recovery and end-of-sale clean-up (spec/sales.md §2.3, §2.7, with DESIGN.md's fixes).
// Recovery: slot data and reservations of sales that did not survive the restart are dropped (their
// bytes and collateral go back), the history's unfinished sales are closed, and every slot still
// ours resumes in SaleUnknown with its reservation re-attached. Clean-up: the sale's data leaves
// the repo, its bytes and collateral go back to the availability, and a slot that found no room is
// queued again as seen.
import type { Logger } from '../ports/logger';
import type { SaleRecord } from '../ports/history';
import type { Slot } from '../ports/market';
import type { SalesDependencies } from './sales';
import type { Reservations } from '../reservations/reservations';
import type { SlotQueueItem } from '../queue/slot-queue-item';
import { SalesAgent } from './agent';
import type { SalesContext } from './context';
import { errorMessage, interrupted } from './errors';
import type { SalesEvents } from './events';
import { SaleLog } from './sale-log';
import type { SlotData } from './slot-data';
import { SaleUnknown } from './states/unknown';

/** What recovery and clean-up reach inside Sales. */
export interface SalesLifecycle {
  readonly deps: SalesDependencies;
  readonly context: SalesContext;
  readonly reservations: Reservations;
  readonly events: SalesEvents;
  readonly logger: Logger;
  readonly slotData: SlotData;
  readonly agents: SalesAgent[];
  activeSlots(): Promise<Slot[]>;
  push(item: SlotQueueItem): void;
  cleanUp(agent: SalesAgent, reprocessSlot: boolean, returnedCollateral?: bigint): Promise<void>;
}

/** Sales.start()'s load(): restore what we hold, drop what we do not. */
export async function restoreSales(lc: SalesLifecycle): Promise<void> {
  const { market, repo, history, clock } = lc.deps;
  const active = (await lc.activeSlots()).map((slot) => {
    const requestId = market.requestId(slot.request);
    return { slot, requestId, slotIndex: slot.slotIndex, slotId: market.slotId(requestId, slot.slotIndex) };
  });
  const kept = new Map(active.map((a) => [a.slotId, lc.reservations.reservationForSlot(a)]));

  // Data first: whatever no surviving reservation holds belongs to a sale that is over.
  const keep = new Set([...kept.values()].flatMap((reservation) => (reservation ? [reservation.id] : [])));
  for (const key of repo.listSlots()) {
    if (!keep.has(key)) await repo.deleteSlotData(key);
  }
  for (const reservation of lc.reservations.deleteInactiveReservations(active)) {
    lc.events.emit({
      type: 'reservation-removed',
      reservationId: reservation.id,
      availabilityId: reservation.availabilityId,
    });
    lc.events.emit({
      type: 'availability-changed',
      availability: lc.reservations.getAvailability(reservation.availabilityId),
    });
  }

  // The sale to resume for a held slot is its newest *open* one: a newer, ended record of the same
  // slot (a retry ignored as slot-not-free) must not leave the running sale open for ever.
  const resumable = new Map<string, SaleRecord>();
  for (const sale of history.openSales()) {
    const earlier = resumable.get(sale.slotId);
    if (!kept.has(sale.slotId)) closeLostSale(lc, sale);
    else if (earlier === undefined || earlier.id < sale.id) {
      if (earlier !== undefined) closeLostSale(lc, earlier);
      resumable.set(sale.slotId, sale);
    } else closeLostSale(lc, sale);
  }
  for (const { slot, requestId, slotIndex, slotId } of active) {
    const reservation = kept.get(slotId);
    const open = resumable.get(slotId);
    const log =
      open !== undefined
        ? SaleLog.resume(history, lc.events, clock, open)
        : SaleLog.create(history, lc.events, clock, restoredFacts(slot, slotId, requestId, clock.now()));
    if (reservation !== undefined)
      log.set({ availabilityId: reservation.availabilityId, reservationId: reservation.id });
    const agent = new SalesAgent(
      lc.context,
      { requestId, slotIndex, request: slot.request, ...(reservation ? { reservation } : {}), collateralPosted: true },
      log,
    );
    agent.onCleanUp = (reprocessSlot, returnedCollateral) => lc.cleanUp(agent, reprocessSlot, returnedCollateral);
    lc.agents.push(agent);
    agent.start(new SaleUnknown());
  }
}

/** Spec §2.7, fixed: data deleted, bytes and collateral returned, re-queued as seen when asked. */
export async function cleanUpSale(
  lc: SalesLifecycle,
  agent: SalesAgent,
  reprocessSlot: boolean,
  returnedCollateral?: bigint,
): Promise<void> {
  const { request, reservation, slotQueueItem, collateralPosted } = agent.data;
  if (reservation !== undefined) {
    // Once only: a clean-up that itself failed leads to SaleErrored, which cleans up again.
    agent.data.reservation = undefined;
    try {
      lc.slotData.forget(reservation.id);
      await lc.deps.repo.deleteSlotData(reservation.id);
      // Nothing posted on chain means nothing lost: the whole reservation's collateral comes back.
      const collateral = returnedCollateral ?? (collateralPosted ? 0n : reservation.collateral);
      const { availabilityId, id } = reservation;
      if (request !== undefined) lc.reservations.returnBytesToAvailability(availabilityId, id, request.ask.slotSize);
      lc.reservations.deleteReservation(id, availabilityId, collateral);
      lc.events.emit({ type: 'reservation-removed', reservationId: id, availabilityId });
      lc.events.emit({ type: 'availability-changed', availability: lc.reservations.getAvailability(availabilityId) });
    } catch (error) {
      lc.logger.error('returning a sale’s bytes and collateral failed', {
        slotId: agent.data.slotId,
        reservationId: reservation.id,
        error: errorMessage(error),
      });
    }
  }
  if (reprocessSlot && request !== undefined && slotQueueItem !== undefined) lc.push({ ...slotQueueItem, seen: true });
  agent.log.set({ endedAt: lc.deps.clock.now() }, true);
}

/** A sale the history shows running whose slot is not ours after the restart. */
function closeLostSale(lc: SalesLifecycle, sale: SaleRecord): void {
  const { history, clock } = lc.deps;
  const log = SaleLog.resume(history, lc.events, clock, sale);
  const endedAt = clock.now();
  if (sale.payout !== undefined) {
    log.entered('SaleFinished', 'paid before the restart', { endedAt });
  } else if (sale.filledAt === undefined) {
    const error = interrupted();
    log.entered('SaleErrored', error.message, { error: error.message, endedAt });
  } else {
    const message = 'Slot no longer held by this host after a restart';
    log.entered('SaleErrored', message, { error: message, endedAt });
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
