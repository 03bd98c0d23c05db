// End-of-sale clean-up (docs/reference/sales.md §2.7, with the fixes listed in docs/architecture.md): the
// sale's data leaves the repo, its bytes and collateral go back to the availability, and a slot
// that found no room is queued again as seen.
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Repo } from '../ports/store';
import type { SlotQueueItem } from '../queue/slot-queue-item';
import type { Reservations } from '../reservations/reservations';
import type { SalesAgent } from './agent';
import { errorMessage } from './errors';
import type { SalesEvents } from './events';
import type { SlotData } from './slot-data';

/** What a clean-up touches. */
export interface CleanUpDependencies {
  readonly repo: Repo;
  readonly reservations: Reservations;
  readonly slotData: SlotData;
  readonly events: SalesEvents;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Puts a slot back in the queue. */
  readonly requeue: (item: SlotQueueItem) => void;
}

/** Gives back what a finished sale held. */
export class SaleCleanUp {
  constructor(private readonly deps: CleanUpDependencies) {}

  /** Data deleted, bytes and collateral returned, the slot re-queued as seen when asked. */
  async run(agent: SalesAgent, reprocessSlot: boolean, returnedCollateral?: bigint): Promise<void> {
    const { repo, reservations, slotData, events, clock, logger } = this.deps;
    const { request, reservation, slotQueueItem, collateralPosted } = agent.data;
    if (reservation !== undefined) {
      // Once only: a clean-up that itself failed leads to SaleErrored, which cleans up again.
      agent.data.reservation = undefined;
      try {
        await slotData.forget(reservation.id);
        await repo.deleteSlotData(reservation.id);
        // Nothing posted on chain means nothing lost: the whole reservation's collateral comes back.
        const collateral = returnedCollateral ?? (collateralPosted ? 0n : reservation.collateral);
        const { availabilityId, id } = reservation;
        if (request !== undefined) reservations.returnBytesToAvailability(availabilityId, id, request.ask.slotSize);
        reservations.deleteReservation(id, availabilityId, collateral);
        events.emit({ type: 'reservation-removed', reservationId: id, availabilityId });
        events.emit({ type: 'availability-changed', availability: reservations.getAvailability(availabilityId) });
      } catch (error) {
        logger.error('returning a sale’s bytes and collateral failed', {
          slotId: agent.data.slotId,
          reservationId: reservation.id,
          error: errorMessage(error),
        });
      }
    }
    if (reprocessSlot && request !== undefined && slotQueueItem !== undefined) {
      this.deps.requeue({ ...slotQueueItem, seen: true });
    }
    agent.record.set({ endedAt: clock.now() }, true);
  }
}
