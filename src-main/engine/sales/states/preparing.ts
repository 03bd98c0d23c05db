// SalePreparing (docs/reference/sales.md §3.2): the entry of a slot taken from the queue. Learn the request,
// check the slot is still open, find an availability that accepts its terms and set its bytes and
// collateral aside in a reservation. A slot no availability takes is ignored and re-queued as seen,
// with the narrowest reason, so the operator knows which knob to turn. Unlike Codex, a request that
// already ended is ignored here instead of failing at fillSlot.
import { BytesOutOfBoundsError, CollateralOutOfBoundsError } from '../../errors';
import type { AvailabilityQuery } from '../../ports/store';
import type { IgnoredReason } from '../../ports/history';
import { couldNotResume, requestUnknown } from '../errors';
import { whyNoAvailability } from '../ignored-reason';
import type { Sale } from '../sale';
import { SaleState } from '../state';
import { SaleCancelled } from './cancelled';
import { SaleErrored } from './errored';
import { SaleFailed } from './failed';
import { SaleFilled } from './filled';
import { SaleIgnored } from './ignored';
import { SaleSlotReserving } from './slot-reserving';

/** Finds an availability for the slot and reserves its bytes and collateral. */
export class SalePreparing extends SaleState {
  readonly name = 'SalePreparing';

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
    await agent.retrieveRequest();
    const { request, requestId, slotIndex, slotId } = agent.data;
    if (request === undefined) return new SaleErrored(requestUnknown());
    const { market, reservations, events } = agent.context;
    // A sale resumed after a restart keeps the reservation it had; losing its slot meanwhile is
    // told (its bytes and collateral go back either way).
    const resumed = agent.data.resumed && agent.data.reservation !== undefined;
    const gone = (reason: IgnoredReason): SaleState =>
      resumed
        ? new SaleErrored(
            couldNotResume(
              reason === 'request-expired' ? 'the request expired meanwhile' : 'the slot was taken meanwhile',
            ),
          )
        : new SaleIgnored({ reprocessSlot: false, reason });
    // A slot nobody touched reads Free on chain even after its request ended: ask the request
    // too, rather than reserve, download and prove for a fill the contract will refuse.
    const requestState = await market.requestState(requestId);
    if (requestState !== undefined && requestState !== 'New' && requestState !== 'Started') {
      return gone(requestState === 'Cancelled' ? 'request-expired' : 'slot-not-free');
    }
    agent.subscribe();

    const slotState = await market.slotState(slotId);
    if (slotState !== 'Free' && slotState !== 'Repair') {
      return gone(slotState === 'Cancelled' ? 'request-expired' : 'slot-not-free');
    }
    // A repair slot's data exists only as the rest of the dataset: rebuilding it needs Codex's
    // erasure decoding, which a data source may not have. Skipped before anything is reserved.
    if (slotState === 'Repair' && !resumed && !agent.context.canRepair) {
      return new SaleIgnored({ reprocessSlot: false, reason: 'repair-not-supported' });
    }
    const requestEnd = await market.getRequestEnd(requestId);
    signal.throwIfAborted();
    agent.record.set({ endsAt: requestEnd });
    if (resumed) {
      const { duration, pricePerBytePerSecond, slotSize } = request.ask;
      agent.record.set({ duration, pricePerBytePerSecond, slotSize });
      return new SaleSlotReserving();
    }

    const { ask } = request;
    const query: AvailabilityQuery = {
      size: ask.slotSize,
      duration: ask.duration,
      pricePerBytePerSecond: ask.pricePerBytePerSecond,
      collateralPerByte: ask.collateralPerByte,
      validUntil: requestEnd,
    };
    const availability = reservations.findAvailability(query);
    if (availability === undefined) {
      const reason = whyNoAvailability(reservations.listAvailabilities(), query);
      return new SaleIgnored({ reprocessSlot: true, reason });
    }
    try {
      // Synchronous and atomic: bytes and collateral are re-checked in the transaction that takes them.
      const reservation = reservations.createReservation({
        availabilityId: availability.id,
        size: ask.slotSize,
        requestId,
        slotIndex,
        collateralPerByte: ask.collateralPerByte,
        validUntil: requestEnd,
      });
      agent.data.reservation = reservation;
      agent.record.set({ availabilityId: availability.id, reservationId: reservation.id });
      events.emit({ type: 'reservation-changed', reservation });
      events.emit({ type: 'availability-changed', availability: reservations.getAvailability(availability.id) });
    } catch (error) {
      if (!(error instanceof BytesOutOfBoundsError || error instanceof CollateralOutOfBoundsError)) throw error;
      // Another slot took the room first (findAvailability is not locked): try again later.
      const reason = whyNoAvailability(reservations.listAvailabilities(), query);
      return new SaleIgnored({ reprocessSlot: true, reason });
    }
    return new SaleSlotReserving();
  }
}
