import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  planRelease,
  planRemoval,
  planReservation,
  planReturnOfWrittenBytes,
} from '../../../../src-main/engine/reservations/reservation-rules';
import { createAvailabilityRecord } from '../../../../src-main/engine/reservations/availability-rules';
import type { Availability, Reservation } from '../../../../src-main/engine/ports/store';
import { exampleAvailability, exampleReservation } from '../../../fakes/availabilities';
import { testId } from '../../../fakes/ids';

const availability = (): Availability => createAvailabilityRecord(testId(1), exampleAvailability(), 10n ** 12n);
const held = (a: Availability, r: Reservation | undefined) => a.freeSize + (r ? r.size + r.writtenSize : 0n);

describe('reservation rules', () => {
  it('keeps totalSize = freeSize + reserved + written through reserve, release, return and removal', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 100_000n }),
        fc.bigInt({ min: 0n, max: 100_000n }),
        fc.bigInt({ min: 0n, max: 100_000n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        (size, released, returned, collateral) => {
          const a = availability();
          fc.pre(size <= a.freeSize && released <= size && returned <= released);
          const reserved = planReservation(a, testId(2), exampleReservation(a, { size, collateralPerByte: 0n }));
          expect(held(reserved.availability, reserved.reservation)).toBe(a.totalSize);
          const afterRelease = planRelease(reserved.reservation, released);
          expect(held(reserved.availability, afterRelease.reservation)).toBe(a.totalSize);
          const afterReturn = planReturnOfWrittenBytes(
            reserved.availability,
            afterRelease.reservation,
            afterRelease.reservation.size + returned,
          );
          expect(held(afterReturn.availability, afterReturn.reservation)).toBe(a.totalSize);
          const removed = planRemoval(afterReturn.availability, afterReturn.reservation, collateral);
          expect(removed.availability.freeSize).toBe(a.totalSize);
          expect(removed.availability.totalRemainingCollateral).toBe(a.totalRemainingCollateral);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('moves the quota by exactly the bytes that leave or rejoin the reserved pool', () => {
    const a = availability();
    const { reservation, availability: after, quotaDelta } = planReservation(a, testId(2), exampleReservation(a));
    expect(quotaDelta).toBe(0n);
    const released = planRelease(reservation, 300n);
    expect(released.quotaDelta).toBe(-300n);
    expect(planReturnOfWrittenBytes(after, released.reservation, reservation.size).quotaDelta).toBe(300n);
    expect(planRemoval(after, released.reservation).quotaDelta).toBe(300n);
  });

  it('refuses reservations that cannot be real', () => {
    const a = availability();
    expect(() => planReservation(a, testId(2), exampleReservation(a, { size: 0n }))).toThrow('positive size');
    expect(() => planReservation(a, testId(2), exampleReservation(a, { collateralPerByte: -1n }))).toThrow(
      'collateralPerByte',
    );
    expect(() => planReservation(a, testId(2), exampleReservation(a, { validUntil: -5 }))).toThrow('validUntil');
  });

  it('refuses to release or return a negative number of bytes', () => {
    const a = availability();
    const { reservation } = planReservation(a, testId(2), exampleReservation(a));
    expect(() => planRelease(reservation, -1n)).toThrow('negative');
    expect(() => planReturnOfWrittenBytes(a, reservation, reservation.size - 1n)).toThrow('Cannot return -1');
    expect(() => planRemoval(a, reservation, -1n)).toThrow('returnedCollateral');
  });
});
