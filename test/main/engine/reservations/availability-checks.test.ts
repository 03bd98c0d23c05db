import { describe, expect, it } from 'vitest';
import {
  checkAvailabilityPatch,
  checkNewAvailability,
  fitsFreeQuota,
  type AvailabilityBooks,
  type AvailabilityViolation,
} from '../../../../src-main/engine/reservations/availability-checks';
import {
  createAvailabilityRecord,
  patchAvailability,
} from '../../../../src-main/engine/reservations/availability-rules';
import type { Availability, AvailabilityPatch } from '../../../../src-main/engine/ports/store';
import { exampleAvailability } from '../../../fakes/availabilities';
import { testId } from '../../../fakes/ids';

const valid = exampleAvailability({ totalSize: 1000n });
const messages = (found: AvailabilityViolation[]) => found.map((v) => v.message);

describe('fitsFreeQuota', () => {
  it('lets the whole free quota be offered, and not a byte more', () => {
    expect(fitsFreeQuota(1000n, 1000n)).toBe(true);
    expect(fitsFreeQuota(1001n, 1000n)).toBe(false);
    expect(fitsFreeQuota(0n, 0n)).toBe(true);
  });
});

describe('checkNewAvailability', () => {
  it('accepts a complete offer that fits the quota', () => {
    expect(checkNewAvailability(valid, 1000n)).toEqual([]);
  });

  it('reports every zero field with Codex texts, in Codex order, with the code the store throws', () => {
    const zero = { totalSize: 0n, duration: 0n, minPricePerBytePerSecond: 0n, totalCollateral: 0n, until: -1 };
    expect(checkNewAvailability(zero, 1000n)).toEqual([
      { field: 'totalSize', code: 'invalid-argument', message: 'Total size must be larger then zero' },
      { field: 'duration', code: 'invalid-argument', message: 'duration must be larger then zero' },
      {
        field: 'minPricePerBytePerSecond',
        code: 'invalid-argument',
        message: 'minPricePerBytePerSecond must be larger then zero',
      },
      { field: 'totalCollateral', code: 'invalid-argument', message: 'totalCollateral must be larger then zero' },
      { field: 'until', code: 'until-out-of-bounds', message: 'Cannot set until to a negative value' },
    ]);
  });

  it('puts the quota after the zero checks and before until', () => {
    expect(checkNewAvailability({ ...valid, duration: 0n, until: -1 }, 999n)).toEqual([
      expect.objectContaining({ field: 'duration' }),
      { field: 'totalSize', code: 'quota-not-enough', message: 'Not enough storage quota' },
      expect.objectContaining({ field: 'until' }),
    ]);
  });

  it('accepts a size equal to the free quota and refuses one byte more', () => {
    expect(checkNewAvailability(valid, 1000n)).toEqual([]);
    expect(messages(checkNewAvailability(valid, 999n))).toEqual(['Not enough storage quota']);
  });

  it('reports only the first broken rule of a field', () => {
    expect(messages(checkNewAvailability({ ...valid, totalSize: 0n }, 0n))).toEqual([
      'Total size must be larger then zero',
    ]);
  });

  it('refuses an until that is not whole seconds, and accepts zero as no limit', () => {
    expect(checkNewAvailability({ ...valid, until: 1.5 }, 5000n)).toEqual([
      { field: 'until', code: 'invalid-argument', message: 'until must be whole Unix seconds, got 1.5' },
    ]);
    expect(checkNewAvailability({ ...valid, until: 0 }, 5000n)).toEqual([]);
  });
});

describe('checkAvailabilityPatch', () => {
  const current: AvailabilityBooks = {
    totalSize: 1000n,
    freeSize: 400n,
    totalCollateral: 500n,
    totalRemainingCollateral: 200n,
  };
  const context = { quotaAvailable: 100n, latestValidUntil: 5000 };
  const check = (patch: AvailabilityPatch) => checkAvailabilityPatch(current, patch, context);

  it('accepts an empty patch', () => {
    expect(check({})).toEqual([]);
  });

  it('refuses to shrink below the bytes in use and names them', () => {
    expect(messages(check({ totalSize: 599n }))).toEqual([
      'New totalSize must be larger then current totalSize - freeSize, which is currently: 600',
    ]);
    expect(check({ totalSize: 600n })).toEqual([]);
  });

  it('checks only the growth against the free quota, which it may use entirely', () => {
    expect(check({ totalSize: 1100n })).toEqual([]);
    expect(check({ totalSize: 1101n })).toEqual([
      { field: 'totalSize', code: 'quota-not-enough', message: 'Not enough storage quota' },
    ]);
  });

  it('refuses a zero size without also calling it below the bytes in use', () => {
    expect(messages(check({ totalSize: 0n }))).toEqual(['Total size must be larger then zero']);
  });

  it('refuses zero duration, price and collateral, as creation does', () => {
    expect(check({ duration: 0n, minPricePerBytePerSecond: 0n, totalCollateral: 0n })).toEqual([
      { field: 'duration', code: 'invalid-argument', message: 'duration must be larger then zero' },
      {
        field: 'minPricePerBytePerSecond',
        code: 'invalid-argument',
        message: 'minPricePerBytePerSecond must be larger then zero',
      },
      { field: 'totalCollateral', code: 'invalid-argument', message: 'totalCollateral must be larger then zero' },
    ]);
  });

  it('refuses a totalCollateral below the collateral in use', () => {
    expect(check({ totalCollateral: 299n })).toEqual([
      {
        field: 'totalCollateral',
        code: 'invalid-argument',
        message:
          'New totalCollateral must be at least the collateral in use (totalCollateral - totalRemainingCollateral), which is currently: 300',
      },
    ]);
    expect(check({ totalCollateral: 300n })).toEqual([]);
  });

  it('refuses an until before the longest hosted slot, but not zero', () => {
    expect(check({ until: 4999 })).toEqual([
      {
        field: 'until',
        code: 'until-out-of-bounds',
        message: 'Until parameter must be greater or equal to the longest currently hosted slot',
      },
    ]);
    expect(check({ until: 5000 })).toEqual([]);
    expect(check({ until: 0 })).toEqual([]);
    expect(messages(check({ until: -3 }))).toEqual(['Cannot set until to a negative value']);
  });

  it('refuses any attempt to set freeSize, first of all', () => {
    expect(check({ freeSize: 10n, duration: 0n })).toEqual([
      { field: 'freeSize', code: 'invalid-argument', message: 'Updating freeSize is not allowed' },
      expect.objectContaining({ field: 'duration' }),
    ]);
  });
});

describe('the store throws the first violation', () => {
  const stored: Availability = createAvailabilityRecord(testId(1), valid, 1000n);
  const thrown = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error as { code: string; message: string };
    }
    return undefined;
  };

  it.each<[string, () => unknown, AvailabilityViolation[]]>([
    [
      'create with everything wrong',
      () => createAvailabilityRecord(testId(2), { ...valid, duration: 0n, until: -1 }, 10n),
      checkNewAvailability({ ...valid, duration: 0n, until: -1 }, 10n),
    ],
    [
      'create past the quota',
      () => createAvailabilityRecord(testId(2), valid, 999n),
      checkNewAvailability(valid, 999n),
    ],
    [
      'patch with zero values',
      () =>
        patchAvailability(stored, { duration: 0n, totalCollateral: 0n }, { quotaAvailable: 0n, latestValidUntil: 0 }),
      checkAvailabilityPatch(
        stored,
        { duration: 0n, totalCollateral: 0n },
        { quotaAvailable: 0n, latestValidUntil: 0 },
      ),
    ],
    [
      'patch of until before a hosted slot',
      () => patchAvailability(stored, { until: 10 }, { quotaAvailable: 0n, latestValidUntil: 11 }),
      checkAvailabilityPatch(stored, { until: 10 }, { quotaAvailable: 0n, latestValidUntil: 11 }),
    ],
  ])('%s', (_name, run, violations) => {
    const error = thrown(run);
    expect(violations.length).toBeGreaterThan(0);
    expect({ code: error?.code, message: error?.message }).toEqual({
      code: violations[0]!.code,
      message: violations[0]!.message,
    });
  });
});
