import { describe, expect, it } from 'vitest';
import {
  checkAvailabilityPatch,
  checkNewAvailability,
  checkUntilNotPassed,
  fitsFreeQuota,
  type AvailabilityBooks,
  type AvailabilityViolation,
} from '../../../../src-main/engine/reservations/availability-checks';
import {
  checkAvailabilityDeletion,
  createAvailabilityRecord,
  patchAvailability,
} from '../../../../src-main/engine/reservations/availability-rules';
import type { Availability, AvailabilityPatch } from '../../../../src-main/engine/ports/store';
import { exampleAvailability } from '../../../fakes/availabilities';
import { testId } from '../../../fakes/ids';

const valid = exampleAvailability({ totalSize: 1000n });
const messages = (found: AvailabilityViolation[]) => found.map((v) => v.message);
/** What Codex's REST api sees of each violation. */
const codex = (found: AvailabilityViolation[]) => found.map(({ field, code, message }) => ({ field, code, message }));

describe('fitsFreeQuota', () => {
  it('lets the whole free quota be offered, and not a byte more', () => {
    expect(fitsFreeQuota(1000n, 1000n)).toBe(true);
    expect(fitsFreeQuota(1001n, 1000n)).toBe(false);
    expect(fitsFreeQuota(0n, 0n)).toBe(true);
  });
});

describe('checkNewAvailability', () => {
  it('accepts a complete offer that fits the quota', () => {
    expect(codex(checkNewAvailability(valid, 1000n))).toEqual([]);
  });

  it('reports every zero field with Codex texts, in Codex order, with the code the store throws', () => {
    const zero = { totalSize: 0n, duration: 0n, minPricePerBytePerSecond: 0n, totalCollateral: 0n, until: -1 };
    expect(codex(checkNewAvailability(zero, 1000n))).toEqual([
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
    expect(codex(checkNewAvailability({ ...valid, duration: 0n, until: -1 }, 999n))).toEqual([
      expect.objectContaining({ field: 'duration' }),
      { field: 'totalSize', code: 'quota-not-enough', message: 'Not enough storage quota' },
      expect.objectContaining({ field: 'until' }),
    ]);
  });

  it('accepts a size equal to the free quota and refuses one byte more', () => {
    expect(codex(checkNewAvailability(valid, 1000n))).toEqual([]);
    expect(messages(checkNewAvailability(valid, 999n))).toEqual(['Not enough storage quota']);
  });

  it('reports only the first broken rule of a field', () => {
    expect(messages(checkNewAvailability({ ...valid, totalSize: 0n }, 0n))).toEqual([
      'Total size must be larger then zero',
    ]);
  });

  it('refuses an until that is not whole seconds, and accepts zero as no limit', () => {
    expect(codex(checkNewAvailability({ ...valid, until: 1.5 }, 5000n))).toEqual([
      { field: 'until', code: 'invalid-argument', message: 'until must be whole Unix seconds, got 1.5' },
    ]);
    expect(codex(checkNewAvailability({ ...valid, until: 0 }, 5000n))).toEqual([]);
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
    expect(codex(check({}))).toEqual([]);
  });

  it('refuses to shrink below the bytes in use and names them', () => {
    expect(messages(check({ totalSize: 599n }))).toEqual([
      'New totalSize must be larger then current totalSize - freeSize, which is currently: 600',
    ]);
    expect(codex(check({ totalSize: 600n }))).toEqual([]);
  });

  it('checks only the growth against the free quota, which it may use entirely', () => {
    expect(codex(check({ totalSize: 1100n }))).toEqual([]);
    expect(codex(check({ totalSize: 1101n }))).toEqual([
      { field: 'totalSize', code: 'quota-not-enough', message: 'Not enough storage quota' },
    ]);
  });

  it('refuses a zero size without also calling it below the bytes in use', () => {
    expect(messages(check({ totalSize: 0n }))).toEqual(['Total size must be larger then zero']);
  });

  it('refuses zero duration, price and collateral, as creation does', () => {
    expect(codex(check({ duration: 0n, minPricePerBytePerSecond: 0n, totalCollateral: 0n }))).toEqual([
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
    expect(codex(check({ totalCollateral: 299n }))).toEqual([
      {
        field: 'totalCollateral',
        code: 'invalid-argument',
        message:
          'New totalCollateral must be at least the collateral in use (totalCollateral - totalRemainingCollateral), which is currently: 300',
      },
    ]);
    expect(codex(check({ totalCollateral: 300n }))).toEqual([]);
  });

  it('refuses an until before the longest hosted slot, but not zero', () => {
    expect(codex(check({ until: 4999 }))).toEqual([
      {
        field: 'until',
        code: 'until-out-of-bounds',
        message: 'Until parameter must be greater or equal to the longest currently hosted slot',
      },
    ]);
    expect(codex(check({ until: 5000 }))).toEqual([]);
    expect(codex(check({ until: 0 }))).toEqual([]);
    expect(messages(check({ until: -3 }))).toEqual(['Cannot set until to a negative value']);
  });

  it('refuses any attempt to set freeSize, first of all', () => {
    expect(codex(check({ freeSize: 10n, duration: 0n }))).toEqual([
      { field: 'freeSize', code: 'invalid-argument', message: 'Updating freeSize is not allowed' },
      expect.objectContaining({ field: 'duration' }),
    ]);
  });
});

describe('the operator’s words', () => {
  it('names the field as the dashboard labels it and says "more than 0"', () => {
    const zero = { totalSize: 0n, duration: 0n, minPricePerBytePerSecond: 0n, totalCollateral: 0n, until: -1 };
    expect(checkNewAvailability(zero, 1000n).map((v) => v.say)).toEqual([
      'Space to offer must be more than 0',
      'Longest request to accept must be more than 0',
      'Minimum price must be more than 0',
      'Total collateral must be more than 0',
      'The end date cannot be before 1 January 1970',
    ]);
  });

  it('gives the free quota with a quota refusal; an edit counts the offer’s own bytes as free', () => {
    expect(checkNewAvailability(valid, 999n)).toEqual([expect.objectContaining({ limit: 999n })]);
    const current = { totalSize: 1000n, freeSize: 1000n, totalCollateral: 1n, totalRemainingCollateral: 1n };
    const patch = checkAvailabilityPatch(current, { totalSize: 1500n }, { quotaAvailable: 100n, latestValidUntil: 0 });
    expect(patch).toEqual([
      expect.objectContaining({ say: 'Space to offer is more than the free quota', limit: 1100n }),
    ]);
  });

  it('calls an amount the marketplace cannot carry too large', () => {
    const huge = { ...valid, totalSize: 2n ** 64n, totalCollateral: 2n ** 256n };
    expect(checkNewAvailability(huge, 2n ** 70n).map((v) => v.say)).toEqual([
      'Space to offer is too large',
      'Total collateral is too large',
    ]);
  });

  it('refuses an end date that has passed on the chain clock, and allows none or a later one', () => {
    expect(checkUntilNotPassed(99, 100)).toEqual([
      expect.objectContaining({ field: 'until', say: 'The end date has already passed: no new slot could match it' }),
    ]);
    expect(checkUntilNotPassed(0, 100)).toEqual([]);
    expect(checkUntilNotPassed(100, 100)).toEqual([]);
  });
});

describe('deleting an availability', () => {
  it('is allowed only when it holds no slot', () => {
    expect(() => checkAvailabilityDeletion(0)).not.toThrow();
    expect(() => checkAvailabilityDeletion(2)).toThrow(/still holds 2 slots/);
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
