// The SalesStore port on SQLite. Every mutating method is one write transaction that reads the
// rows it changes, applies the engine's pure rules and writes the result together with the repo
// quota's `reserved`, so no check is ever separated from the write it guards, across processes too.
import { randomBytes } from 'node:crypto';
import {
  acceptsSlot,
  CodexTexts,
  createAvailabilityRecord,
  NotFoundError,
  patchAvailability,
  planRelease,
  planRemoval,
  planReservation,
  planReturnOfWrittenBytes,
  quotaLeft,
  type Availability,
  type AvailabilityChange,
  type AvailabilityPatch,
  type AvailabilityQuery,
  type Id,
  type NewAvailability,
  type NewReservation,
  type Reservation,
  type ReservationRemoval,
  type SalesStore,
  type SlotRef,
} from '../engine/index';
import { AvailabilityTable } from './availability-table';
import { writeTransaction, type Db } from './db';
import { QuotaTable } from './quota-table';
import { ReservationTable } from './reservation-table';

/** What the store needs to know of the repo quota besides the reserved bytes it keeps itself. */
export interface QuotaGauge {
  readonly max: bigint;
  /** Bytes of slot data on disk now. */
  used(): bigint;
}

/** A fresh random 32-byte id. */
export function newId(): Id {
  return `0x${randomBytes(32).toString('hex')}`;
}

/** Availabilities and reservations in SQLite. */
export class SqliteSalesStore implements SalesStore {
  readonly createAvailability: (input: NewAvailability) => AvailabilityChange;
  readonly updateAvailability: (id: Id, patch: AvailabilityPatch) => AvailabilityChange;
  readonly createReservation: (input: NewReservation) => { reservation: Reservation; availability: AvailabilityChange };
  readonly release: (reservationId: Id, availabilityId: Id, bytes: bigint) => Reservation;
  readonly returnBytesToAvailability: (availabilityId: Id, reservationId: Id, bytes: bigint) => AvailabilityChange;
  readonly deleteReservation: (
    reservationId: Id,
    availabilityId: Id,
    returnedCollateral?: bigint,
  ) => AvailabilityChange | undefined;
  readonly deleteInactiveReservations: (activeSlots: readonly SlotRef[]) => ReservationRemoval[];

  private readonly availabilities: AvailabilityTable;
  private readonly reservations: ReservationTable;
  private readonly quota: QuotaTable;

  constructor(db: Db, gauge: QuotaGauge) {
    this.availabilities = new AvailabilityTable(db);
    this.reservations = new ReservationTable(db);
    this.quota = new QuotaTable(db);
    const quotaAvailable = (): bigint =>
      quotaLeft({ max: gauge.max, used: gauge.used(), reserved: this.quota.reserved() });

    this.createAvailability = writeTransaction(db, (input) => {
      const after = createAvailabilityRecord(newId(), input, quotaAvailable());
      this.availabilities.insert(after);
      this.quota.add(after.totalSize);
      return { before: undefined, after };
    });

    this.updateAvailability = writeTransaction(db, (id, patch) => {
      const before = this.getAvailability(id);
      const after = patchAvailability(before, patch, {
        quotaAvailable: quotaAvailable(),
        latestValidUntil: this.reservations.latestValidUntil(id),
      });
      this.availabilities.update(after);
      this.quota.add(after.totalSize - before.totalSize);
      return { before, after };
    });

    this.createReservation = writeTransaction(db, (input) => {
      const before = this.getAvailability(input.availabilityId);
      const step = planReservation(before, newId(), input);
      this.reservations.insert(step.reservation);
      this.availabilities.update(step.availability);
      return { reservation: step.reservation, availability: { before, after: step.availability } };
    });

    this.release = writeTransaction(db, (reservationId, availabilityId, bytes) => {
      const step = planRelease(this.reservationOf(reservationId, availabilityId), bytes);
      this.reservations.updateSizes(step.reservation);
      this.quota.add(step.quotaDelta);
      return step.reservation;
    });

    this.returnBytesToAvailability = writeTransaction(db, (availabilityId, reservationId, bytes) => {
      const reservation = this.reservationOf(reservationId, availabilityId);
      const before = this.getAvailability(availabilityId);
      const step = planReturnOfWrittenBytes(before, reservation, bytes);
      this.reservations.updateSizes(step.reservation);
      this.availabilities.update(step.availability);
      this.quota.add(step.quotaDelta);
      return { before, after: step.availability };
    });

    const remove = (reservation: Reservation, returnedCollateral?: bigint): AvailabilityChange => {
      const before = this.getAvailability(reservation.availabilityId);
      const step = planRemoval(before, reservation, returnedCollateral);
      this.reservations.delete(reservation.id);
      this.availabilities.update(step.availability);
      this.quota.add(step.quotaDelta);
      return { before, after: step.availability };
    };

    this.deleteReservation = writeTransaction(db, (reservationId, availabilityId, returnedCollateral) => {
      if (this.reservations.get(reservationId) === undefined) return undefined;
      return remove(this.reservationOf(reservationId, availabilityId), returnedCollateral);
    });

    this.deleteInactiveReservations = writeTransaction(db, (activeSlots) => {
      const active = new Set(activeSlots.map((slot) => `${slot.requestId}/${slot.slotIndex}`));
      return this.reservations
        .list()
        .filter((reservation) => !active.has(`${reservation.requestId}/${reservation.slotIndex}`))
        .map((reservation) => ({ reservation, availability: remove(reservation, reservation.collateral) }));
    });
  }

  getAvailability(id: Id): Availability {
    const availability = this.availabilities.get(id);
    if (availability === undefined) throw new NotFoundError(CodexTexts.availabilityNotFound);
    return availability;
  }

  listAvailabilities(): Availability[] {
    return this.availabilities.list();
  }

  findAvailability(query: AvailabilityQuery): Availability | undefined {
    return this.availabilities.list().find((availability) => acceptsSlot(availability, query));
  }

  getReservation(id: Id): Reservation {
    const reservation = this.reservations.get(id);
    if (reservation === undefined) throw new NotFoundError(`Reservation ${id} not found`);
    return reservation;
  }

  listReservations(availabilityId?: Id): Reservation[] {
    if (availabilityId !== undefined) this.getAvailability(availabilityId);
    return this.reservations.list(availabilityId);
  }

  reservationForSlot(slot: SlotRef): Reservation | undefined {
    return this.reservations.forSlot(slot.requestId, slot.slotIndex);
  }

  private reservationOf(reservationId: Id, availabilityId: Id): Reservation {
    const reservation = this.getReservation(reservationId);
    if (reservation.availabilityId !== availabilityId) {
      throw new NotFoundError(`Reservation ${reservationId} does not belong to availability ${availabilityId}`);
    }
    return reservation;
  }
}
