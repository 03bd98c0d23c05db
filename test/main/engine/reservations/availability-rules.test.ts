import { describe, expect, it } from 'vitest';
import {
  acceptsSlot,
  availabilityGainedRoom,
  createAvailabilityRecord,
  maxCollateralPerByte,
  patchAvailability,
} from '../../../../src-main/engine/reservations/availability-rules';
import type { Availability } from '../../../../src-main/engine/ports/store';
import { exampleAvailability } from '../../../fakes/availabilities';
import { testId } from '../../../fakes/ids';

const base = (): Availability => createAvailabilityRecord(testId(1), exampleAvailability(), 10n ** 12n);
const room = { quotaAvailable: 10n ** 12n, latestValidUntil: 0 };

describe('availability rules', () => {
  it('checks creation input in Codex order: size, duration, price, collateral, quota, until', () => {
    const bad = { totalSize: 0n, duration: 0n, minPricePerBytePerSecond: 0n, totalCollateral: 0n, until: -1 };
    expect(() => createAvailabilityRecord(testId(1), bad, 0n)).toThrow('Total size must be larger then zero');
    expect(() => createAvailabilityRecord(testId(1), { ...bad, totalSize: 1n }, 0n)).toThrow('duration');
    expect(() => createAvailabilityRecord(testId(1), { ...bad, totalSize: 1n, duration: 1n }, 0n)).toThrow(
      'minPricePerBytePerSecond',
    );
    const priced = { ...bad, totalSize: 1n, duration: 1n, minPricePerBytePerSecond: 1n };
    expect(() => createAvailabilityRecord(testId(1), priced, 0n)).toThrow('totalCollateral');
    expect(() => createAvailabilityRecord(testId(1), { ...priced, totalCollateral: 1n }, 0n)).toThrow(
      'Not enough storage quota',
    );
    expect(() => createAvailabilityRecord(testId(1), { ...priced, totalCollateral: 1n }, 1n)).toThrow(
      'Cannot set until to a negative value',
    );
  });

  it('accepts an availability exactly as large as the free quota', () => {
    expect(createAvailabilityRecord(testId(1), exampleAvailability({ totalSize: 5n }), 5n).freeSize).toBe(5n);
  });

  it('refuses an until that is not whole seconds', () => {
    expect(() => createAvailabilityRecord(testId(1), exampleAvailability({ until: 1.5 }), 10n ** 9n)).toThrow(
      'until must be whole Unix seconds',
    );
  });

  it('leaves the availability it patches untouched', () => {
    const a = base();
    const copy = { ...a };
    patchAvailability(a, { totalSize: a.totalSize * 2n, enabled: false }, room);
    expect(a).toEqual(copy);
  });

  it('patches only the fields given', () => {
    const a = base();
    expect(patchAvailability(a, { duration: 7n }, room)).toEqual({ ...a, duration: 7n });
    expect(patchAvailability(a, {}, room)).toEqual(a);
  });

  it('checks an until against the latest slot end only when until is set', () => {
    const a = base();
    expect(() => patchAvailability(a, { until: 10 }, { ...room, latestValidUntil: 11 })).toThrow(
      'Until parameter must be greater or equal to the longest currently hosted slot',
    );
    expect(patchAvailability(a, { until: 0 }, { ...room, latestValidUntil: 11 }).until).toBe(0);
  });

  it('offers all remaining collateral per byte when no byte is free', () => {
    expect(maxCollateralPerByte({ ...base(), freeSize: 0n, totalRemainingCollateral: 42n })).toBe(42n);
    expect(maxCollateralPerByte({ ...base(), freeSize: 10n, totalRemainingCollateral: 42n })).toBe(4n);
  });

  it('accepts a slot that meets every limit exactly', () => {
    const a = { ...base(), until: 1_000 };
    const exact = {
      size: a.freeSize,
      duration: a.duration,
      pricePerBytePerSecond: a.minPricePerBytePerSecond,
      collateralPerByte: maxCollateralPerByte(a),
      validUntil: 1_000,
    };
    expect(acceptsSlot(a, exact)).toBe(true);
    expect(acceptsSlot(a, { ...exact, validUntil: 1_001 })).toBe(false);
    expect(acceptsSlot({ ...a, enabled: false }, exact)).toBe(false);
  });

  it('counts creation as gaining room, and unrelated changes as not', () => {
    const a = base();
    expect(availabilityGainedRoom(undefined, a)).toBe(true);
    expect(availabilityGainedRoom(a, { ...a })).toBe(false);
    expect(availabilityGainedRoom(a, { ...a, enabled: false })).toBe(false);
    expect(availabilityGainedRoom({ ...a, until: 0 }, { ...a, until: 5 })).toBe(false);
  });
});
