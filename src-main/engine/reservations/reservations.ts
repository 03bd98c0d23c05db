// The sales engine's view of availabilities and reservations: the SalesStore's atomic operations,
// plus the "availability saved" notice that lets the slot queue retry slots that found no room.
import { silentLogger, type Logger } from '../ports/logger';
import type {
  Availability,
  AvailabilityChange,
  AvailabilityPatch,
  AvailabilityQuery,
  Id,
  NewAvailability,
  NewReservation,
  Repo,
  Reservation,
  SalesStore,
  SlotRef,
} from '../ports/store';
import { availabilityGainedRoom } from './availability-rules';

/** Told about an availability that may now accept slots it did not before. */
export type AvailabilitySavedListener = (availability: Availability) => void;

/** Availabilities and reservations for the sales engine, over a SalesStore and the repo quota. */
export class Reservations {
  private readonly listeners = new Set<AvailabilitySavedListener>();
  private readonly store: SalesStore;
  private readonly repo: Pick<Repo, 'quota'>;
  private readonly logger: Logger;

  constructor(store: SalesStore, repo: Pick<Repo, 'quota'>, logger: Logger = silentLogger) {
    this.store = store;
    this.repo = repo;
    this.logger = logger;
  }

  /** Subscribes to availabilities that gained room; returns the unsubscribe function. */
  onAvailabilitySaved(listener: AvailabilitySavedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates an availability and holds its bytes in the repo quota. */
  createAvailability(input: NewAvailability): Availability {
    return this.saved(this.store.createAvailability(input));
  }

  /** Applies a PATCH; new terms apply to new slots only. */
  updateAvailability(id: Id, patch: AvailabilityPatch): Availability {
    return this.saved(this.store.updateAvailability(id, patch));
  }

  /** Deletes an availability that holds no slot; returns it as it was. */
  deleteAvailability(id: Id): Availability {
    return this.store.deleteAvailability(id);
  }

  /** Enables or disables an availability for new slots. */
  setEnabled(id: Id, enabled: boolean): Availability {
    return this.updateAvailability(id, { enabled });
  }

  /** One availability; throws NotFoundError. */
  getAvailability(id: Id): Availability {
    return this.store.getAvailability(id);
  }

  /** Every availability in creation order. */
  listAvailabilities(): Availability[] {
    return this.store.listAvailabilities();
  }

  /** The first availability that accepts a slot with these terms. */
  findAvailability(query: AvailabilityQuery): Availability | undefined {
    return this.store.findAvailability(query);
  }

  /** Reserves a slot's bytes and collateral; BytesOutOfBounds/CollateralOutOfBounds mean a lost race for room. */
  createReservation(input: NewReservation): Reservation {
    const { reservation, availability } = this.store.createReservation(input);
    this.saved(availability);
    return reservation;
  }

  /** One reservation; throws NotFoundError. */
  getReservation(id: Id): Reservation {
    return this.store.getReservation(id);
  }

  /** All reservations, or one availability's (NotFoundError when it does not exist). */
  listReservations(availabilityId?: Id): Reservation[] {
    return this.store.listReservations(availabilityId);
  }

  /** The reservation a slot holds, so a sale restored after a restart can re-attach it. */
  reservationForSlot(slot: SlotRef): Reservation | undefined {
    return this.store.reservationForSlot(slot);
  }

  /** Records `bytes` of slot data, in `blocks`, as written; fails when the reservation holds fewer. */
  release(reservationId: Id, availabilityId: Id, bytes: bigint, blocks?: readonly number[]): Reservation {
    return this.store.release(reservationId, availabilityId, bytes, blocks);
  }

  /** The slot's blocks already stored and accounted for a reservation (a resumed download skips them). */
  storedBlocks(reservationId: Id): number[] {
    return this.store.storedBlocks(reservationId);
  }

  /** Returns the bytes already written for a slot of `bytes` (its slotSize) to the availability. */
  returnBytesToAvailability(availabilityId: Id, reservationId: Id, bytes: bigint): void {
    this.saved(this.store.returnBytesToAvailability(availabilityId, reservationId, bytes));
  }

  /** Ends a reservation, returning its bytes and `returnedCollateral` to the availability. */
  deleteReservation(reservationId: Id, availabilityId: Id, returnedCollateral?: bigint): void {
    const change = this.store.deleteReservation(reservationId, availabilityId, returnedCollateral);
    if (change !== undefined) this.saved(change);
  }

  /** Deletes reservations of slots no longer active (at start-up), returning their bytes and collateral. */
  deleteInactiveReservations(activeSlots: readonly SlotRef[]): Reservation[] {
    const removed = this.store.deleteInactiveReservations(activeSlots);
    for (const removal of removed) this.saved(removal.availability);
    return removed.map((removal) => removal.reservation);
  }

  /** Bytes of repo quota not yet used or reserved. */
  available(): bigint {
    return this.repo.quota().available;
  }

  /** Whether the repo quota can still hold `bytes`. */
  hasAvailable(bytes: bigint): boolean {
    return bytes <= this.available();
  }

  private saved(change: AvailabilityChange): Availability {
    if (availabilityGainedRoom(change.before, change.after)) {
      for (const listener of [...this.listeners]) {
        try {
          listener(change.after);
        } catch (error) {
          // The write is committed; a failing listener must not make it look undone.
          this.logger.error('availability listener failed', { availability: change.after.id, error });
        }
      }
    }
    return change.after;
  }
}
