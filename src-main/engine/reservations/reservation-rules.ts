// How reservations move bytes and collateral between an availability, a slot and the repo quota
// (docs/reference/sales.md §4.4), kept so that for every availability
//   totalSize = freeSize + Σ reservation.size + Σ reservation.writtenSize
// holds after every step, and the quota's `reserved` changes by exactly `quotaDelta`.
// Pure functions: a store runs each inside the one transaction that persists its result.
import { BytesOutOfBoundsError, CollateralOutOfBoundsError, InvalidArgumentError } from '../errors';
import type { Availability, Id, NewReservation, Reservation } from '../ports/store';

/** A reservation step's outcome: what to persist, and how the quota's `reserved` moves. */
export interface ReservationStep {
  readonly availability: Availability;
  readonly reservation: Reservation;
  readonly quotaDelta: bigint;
}

/**
 * Takes a slot's bytes and collateral from an availability; throws BytesOutOfBoundsError or
 * CollateralOutOfBoundsError when it has too little left (a lost race for space, not a failure).
 */
export function planReservation(availability: Availability, id: Id, input: NewReservation): ReservationStep {
  if (input.size <= 0n) throw new InvalidArgumentError(`A reservation needs a positive size, got ${input.size}`);
  if (input.collateralPerByte < 0n) {
    throw new InvalidArgumentError(`collateralPerByte must not be negative, got ${input.collateralPerByte}`);
  }
  if (input.slotIndex < 0n) throw new InvalidArgumentError(`slotIndex must not be negative, got ${input.slotIndex}`);
  if (!Number.isSafeInteger(input.validUntil) || input.validUntil < 0) {
    throw new InvalidArgumentError(`validUntil must be whole Unix seconds, got ${input.validUntil}`);
  }
  if (input.size > availability.freeSize) {
    throw new BytesOutOfBoundsError(
      `Cannot reserve ${input.size} bytes: availability ${availability.id} has ${availability.freeSize} bytes free`,
    );
  }
  const collateral = input.size * input.collateralPerByte;
  if (collateral > availability.totalRemainingCollateral) {
    throw new CollateralOutOfBoundsError(
      `Cannot commit ${collateral} collateral: availability ${availability.id} has ${availability.totalRemainingCollateral} left`,
    );
  }
  return {
    availability: {
      ...availability,
      freeSize: availability.freeSize - input.size,
      totalRemainingCollateral: availability.totalRemainingCollateral - collateral,
    },
    reservation: {
      id,
      availabilityId: availability.id,
      size: input.size,
      writtenSize: 0n,
      collateral,
      requestId: input.requestId,
      slotIndex: input.slotIndex,
      validUntil: input.validUntil,
    },
    quotaDelta: 0n,
  };
}

/** Marks `bytes` of a reservation as written: they leave the quota's `reserved` and count as data on disk. */
export function planRelease(reservation: Reservation, bytes: bigint): Omit<ReservationStep, 'availability'> {
  if (bytes < 0n) throw new InvalidArgumentError(`Cannot release a negative number of bytes (${bytes})`);
  if (bytes > reservation.size) {
    throw new BytesOutOfBoundsError(
      `Cannot release ${bytes} bytes: reservation ${reservation.id} has only ${reservation.size} bytes left`,
    );
  }
  return {
    reservation: { ...reservation, size: reservation.size - bytes, writtenSize: reservation.writtenSize + bytes },
    quotaDelta: -bytes,
  };
}

/**
 * Gives written bytes back to the availability once the slot's sale ended. `bytes` is the slot's
 * full size, as Codex passes it: what is returned is `bytes − reservation.size`, the part already
 * written; the unwritten rest goes back when the reservation is deleted. The bytes are re-reserved
 * without a quota check: they were granted quota when the availability was made, and the slot
 * data still holding them is about to be deleted (Codex let the availability lose them instead).
 */
export function planReturnOfWrittenBytes(
  availability: Availability,
  reservation: Reservation,
  bytes: bigint,
): ReservationStep {
  const toReturn = bytes - reservation.size;
  if (toReturn < 0n || toReturn > reservation.writtenSize) {
    throw new BytesOutOfBoundsError(
      `Cannot return ${toReturn} written bytes: reservation ${reservation.id} holds ${reservation.size} unwritten and ${reservation.writtenSize} written bytes`,
    );
  }
  return {
    availability: { ...availability, freeSize: availability.freeSize + toReturn },
    reservation: { ...reservation, writtenSize: reservation.writtenSize - toReturn },
    quotaDelta: toReturn,
  };
}

/**
 * Ends a reservation: its unwritten and any still-written bytes go back to the availability, and
 * the collateral returned by the chain (never more than the reservation took) goes back to
 * totalRemainingCollateral.
 */
export function planRemoval(
  availability: Availability,
  reservation: Reservation,
  returnedCollateral: bigint = 0n,
): Omit<ReservationStep, 'reservation'> {
  if (returnedCollateral < 0n) {
    throw new InvalidArgumentError(`returnedCollateral must not be negative, got ${returnedCollateral}`);
  }
  const collateral = returnedCollateral < reservation.collateral ? returnedCollateral : reservation.collateral;
  return {
    availability: {
      ...availability,
      freeSize: availability.freeSize + reservation.size + reservation.writtenSize,
      totalRemainingCollateral: availability.totalRemainingCollateral + collateral,
    },
    quotaDelta: reservation.writtenSize,
  };
}
