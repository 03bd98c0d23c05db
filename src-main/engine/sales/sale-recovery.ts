// Start-up recovery (docs/reference/sales.md §2.3, with the fixes listed in docs/architecture.md).
// Every slot still ours is handed back to be resumed in SaleUnknown with its reservation
// re-attached. A sale the restart caught between its reservation and its fill resumes too: its
// reservation and downloaded blocks are still ours, so it goes on from SalePreparing (which
// checks the slot is still to be had) and downloads only what is missing. A reservation whose
// filled slot is no longer ours belongs to a sale that ended: its bytes and collateral go back.
// The history's other unfinished sales are closed, and told when something was lost; one the chain
// shows we collected the payout of (the process died before its record) is closed as paid. Slot
// data no reservation accounts for is never deleted (unaccounted-data.ts).
import type { Alerter } from '../ports/alerter';
import type { Clock } from '../ports/clock';
import type { NewSale, SaleHistoryStore, SaleRecord } from '../ports/history';
import type { Logger } from '../ports/logger';
import type { Market, RequestId, Slot, SlotId } from '../ports/market';
import type { Id, Repo, Reservation } from '../ports/store';
import type { Reservations } from '../reservations/reservations';
import { BLOCK_SIZE } from '../ports/slot-data-source';
import { payoutFor } from './chain-math';
import { errorMessage, interrupted } from './errors';
import type { SalesEvents } from './events';
import type { SaleWrites } from './history-writer';
import { SaleRecorder } from './sale-recorder';
import { settleUnaccountedData } from './unaccounted-data';

/** What recovery reads and repairs. */
export interface RecoveryDependencies {
  readonly market: Market;
  readonly repo: Repo;
  readonly history: SaleHistoryStore;
  /** Where restored sales' records write. */
  readonly writes: SaleWrites;
  readonly clock: Clock;
  readonly reservations: Reservations;
  readonly events: SalesEvents;
  readonly alerter: Alerter;
  readonly logger: Logger;
}

/** A slot we still hold, ready to be resumed. */
export interface HeldSale {
  readonly slot: Slot;
  readonly requestId: RequestId;
  readonly slotId: SlotId;
  readonly reservation: Reservation | undefined;
  /** Its data when no reservation names it: found by the tag the data carries. */
  readonly dataKey: Id | undefined;
  /** The sale's history, resumed from its open record or started anew. */
  readonly record: SaleRecorder;
}

/** A sale the restart caught before its fill, to go on from SalePreparing with its reservation. */
export interface InterruptedSale {
  readonly reservation: Reservation;
  readonly slotId: SlotId;
  readonly record: SaleRecorder;
}

/** Everything start-up hands back to be run again. */
export interface Recovered {
  readonly held: readonly HeldSale[];
  readonly interrupted: readonly InterruptedSale[];
}

/** Brings the books in line with the slots the market says we hold. */
export class SaleRecovery {
  constructor(private readonly deps: RecoveryDependencies) {}

  /** Restores what we hold among `active` and what was in progress; ends what is over. */
  async restore(active: readonly Slot[]): Promise<Recovered> {
    const { market, repo, reservations, history, alerter, logger } = this.deps;
    const held = active.map((slot) => {
      const requestId = market.requestId(slot.request);
      const slotId = market.slotId(requestId, slot.slotIndex);
      const reservation = reservations.reservationForSlot({ requestId, slotIndex: slot.slotIndex });
      return { slot, requestId, slotId, reservation };
    });
    const heldSlots = new Set(held.map((h) => h.slotId));
    const openSales = newestOpenSales(history.openSales());

    // Reservations of slots we do not hold: a sale in progress before its fill, or one that ended.
    const inProgress: { reservation: Reservation; slotId: SlotId; sale: SaleRecord | undefined }[] = [];
    for (const reservation of reservations.listReservations()) {
      const slotId = market.slotId(reservation.requestId, reservation.slotIndex);
      if (heldSlots.has(slotId)) continue;
      const sale = openSales.get(slotId);
      if (sale === undefined ? this.endedWith(slotId, reservation) : sale.filledAt !== undefined) {
        await this.endReservation(reservation);
      } else inProgress.push({ reservation, slotId, sale });
    }

    for (const { reservation } of inProgress) await this.dropUnaccountedBlocks(reservation);

    const accounted = new Set<Id>([
      ...held.flatMap((h) => (h.reservation ? [h.reservation.id] : [])),
      ...inProgress.map((p) => p.reservation.id),
    ]);
    const heldWithout = new Set(held.filter((h) => h.reservation === undefined).map((h) => h.slotId));
    const { adopted } = await settleUnaccountedData(repo, accounted, heldWithout, alerter, logger);
    for (const slotId of heldWithout) this.alertMissingReservation(slotId, adopted.get(slotId));

    const continued = new Set([...held.map((h) => h.slotId), ...inProgress.map((p) => p.slotId)]);
    for (const sale of history.openSales()) {
      if (!continued.has(sale.slotId) || openSales.get(sale.slotId)?.id !== sale.id) await this.closeLostSale(sale);
    }
    return {
      held: held.map((h) => ({
        ...h,
        dataKey: h.reservation === undefined ? adopted.get(h.slotId) : undefined,
        record: this.recordOf(openSales.get(h.slotId), h.reservation, () =>
          restoredFacts(h.slot, h.slotId, h.requestId, this.deps.clock.now()),
        ),
      })),
      interrupted: inProgress.map((p) => ({
        reservation: p.reservation,
        slotId: p.slotId,
        record: this.recordOf(p.sale, p.reservation, () =>
          interruptedFacts(p.reservation, p.slotId, this.deps.clock.now()),
        ),
      })),
    };
  }

  private recordOf(open: SaleRecord | undefined, reservation: Reservation | undefined, fresh: () => NewSale) {
    const { writes, events, clock } = this.deps;
    const record =
      open !== undefined
        ? SaleRecorder.resume(writes, events, clock, open)
        : SaleRecorder.create(writes, events, clock, fresh());
    if (reservation !== undefined)
      record.set({ availabilityId: reservation.availabilityId, reservationId: reservation.id });
    return record;
  }

  /**
   * Cuts what an interrupted download wrote past its last accounted block (the process died between
   * the write and its accounting): the resumed download fetches that block again, counted once.
   */
  private async dropUnaccountedBlocks(reservation: Reservation): Promise<void> {
    const { repo, reservations, logger } = this.deps;
    const stored = reservations.storedBlocks(reservation.id);
    const end = stored.length === 0 ? 0 : (stored[stored.length - 1]! + 1) * BLOCK_SIZE;
    if (repo.slotDataSize(reservation.id) <= BigInt(end)) return;
    try {
      await repo.truncateSlotData(reservation.id, end);
    } catch (error) {
      logger.warn('could not cut the unaccounted end of an interrupted download; it is written again', {
        reservationId: reservation.id,
        error: errorMessage(error),
      });
    }
  }

  /** A filled sale's reservation whose slot is no longer ours: the sale ended; give everything back. */
  private async endReservation(reservation: Reservation): Promise<void> {
    const { repo, reservations, events, logger } = this.deps;
    try {
      await repo.deleteSlotData(reservation.id);
      reservations.deleteReservation(reservation.id, reservation.availabilityId, reservation.collateral);
      events.emit({
        type: 'reservation-removed',
        reservationId: reservation.id,
        availabilityId: reservation.availabilityId,
      });
      events.emit({
        type: 'availability-changed',
        availability: reservations.getAvailability(reservation.availabilityId),
      });
    } catch (error) {
      logger.error('could not give back the reservation of an ended sale; retried at the next start', {
        reservationId: reservation.id,
        error: errorMessage(error),
      });
    }
  }

  /** A slot the chain says we hold whose reservation is gone (a lost or older sales database). */
  private alertMissingReservation(slotId: SlotId, dataKey: Id | undefined): void {
    const found = dataKey !== undefined;
    this.deps.alerter.raise({
      key: `slot-without-reservation:${slotId}`,
      category: 'sales',
      severity: found ? 'error' : 'critical',
      message: found
        ? `Slot ${slotId} is held on chain but the sales database has no reservation for it. Its data was ` +
          'found on disk and it goes on being proven, outside every availability. Restore the newest backup ' +
          'of the sales database if you have one.'
        : `Slot ${slotId} is held on chain but neither its reservation nor its data is here: its proofs will ` +
          'fail and the chain will slash it. Restore the newest backup of the data folder now.',
      data: { slotId, ...(found ? { dataKey } : {}) },
    });
  }

  /** Whether the slot's newest sale, closed, was the one that held `reservation`: it ended, its clean-up cut short. */
  private endedWith(slotId: SlotId, reservation: Reservation): boolean {
    const latest = this.deps.history.latestSaleOfSlot(slotId);
    return latest !== undefined && latest.endedAt !== undefined && latest.reservationId === reservation.id;
  }

  /** A sale the history shows running that does not go on after the restart. */
  private async closeLostSale(sale: SaleRecord): Promise<void> {
    const { writes, events, clock } = this.deps;
    const record = SaleRecorder.resume(writes, events, clock, sale);
    const endedAt = clock.now();
    const payout = sale.payout ?? (await this.paidMeanwhile(sale));
    if (payout !== undefined) {
      if (sale.payout === undefined) {
        // The payout went through but its record was lost with the process: the chain says so.
        record.set({ payout });
        record.outcome('payout', { amount: payout });
      }
      record.entered('SaleFinished', 'paid before the restart', { endedAt });
    } else if (sale.filledAt !== undefined) {
      const message = 'Slot no longer held by this host after a restart';
      record.entered('SaleErrored', message, { error: message, endedAt });
      record.outcome('sale-errored', { reason: message });
    } else if (sale.reservationId === undefined) {
      // Nothing was reserved yet: nothing is lost, and the slot is queued again if still open.
      record.entered('SaleIgnored', 'stopped by a restart before anything was reserved', { endedAt });
    } else {
      const error = interrupted();
      record.entered('SaleErrored', error.message, { error: error.message, endedAt });
      record.outcome('sale-errored', { reason: error.message });
    }
  }

  /** What a filled sale was paid, when the chain shows we collected it before the restart. */
  private async paidMeanwhile(sale: SaleRecord): Promise<bigint | undefined> {
    if (sale.filledAt === undefined) return undefined;
    const { market, logger } = this.deps;
    try {
      if ((await market.slotState(sale.slotId)) !== 'Paid') return undefined;
      const host = await market.getHost(sale.requestId, sale.slotIndex);
      const signer = await market.getSigner();
      if (host === undefined || host.toLowerCase() !== signer.toLowerCase()) return undefined;
      const request = await market.getRequest(sale.requestId);
      if (request === undefined) return undefined;
      return payoutFor(request, sale.filledAt, await market.getRequestEnd(sale.requestId));
    } catch (error) {
      logger.warn('could not ask the chain whether a lost sale was paid', {
        slotId: sale.slotId,
        error: errorMessage(error),
      });
      return undefined;
    }
  }
}

/** The newest open sale of each slot: an older open one of the same slot is closed. */
function newestOpenSales(open: readonly SaleRecord[]): Map<SlotId, SaleRecord> {
  const newest = new Map<SlotId, SaleRecord>();
  for (const sale of open) {
    const earlier = newest.get(sale.slotId);
    if (earlier === undefined || earlier.id < sale.id) newest.set(sale.slotId, sale);
  }
  return newest;
}

function restoredFacts(slot: Slot, slotId: string, requestId: string, now: number): NewSale {
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

/** The facts of an interrupted sale the history lost (it was written in the turn the process died). */
function interruptedFacts(reservation: Reservation, slotId: string, now: number): NewSale {
  const slotSize = reservation.size + reservation.writtenSize;
  return {
    slotId,
    requestId: reservation.requestId,
    slotIndex: reservation.slotIndex,
    state: 'SalePreparing' as const,
    slotSize,
    duration: 0n,
    pricePerBytePerSecond: 0n,
    collateral: reservation.collateral,
    downloadedBytes: reservation.writtenSize,
    startedAt: now,
    proofs: { required: 0, submitted: 0, missed: 0 },
  };
}
