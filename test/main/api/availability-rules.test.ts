import { describe, expect, it } from 'vitest';
import {
  availableQuota,
  checkAvailabilityCreate,
  checkAvailabilityUpdate,
  type AvailabilityCreateInput,
} from '../../../src-main/api/availability-rules';

const valid: AvailabilityCreateInput = {
  totalSize: 1000n,
  duration: 3600,
  minPricePerBytePerSecond: 5n,
  totalCollateral: 100n,
};
const messages = (found: { message: string }[]) => found.map((v) => v.message);

describe('availableQuota', () => {
  it('is the quota minus used and reserved bytes', () => {
    expect(availableQuota({ maxBytes: 100n, usedBytes: 30n, reservedBytes: 50n })).toBe(20n);
  });

  it('never goes below zero when the quota is overcommitted', () => {
    expect(availableQuota({ maxBytes: 100n, usedBytes: 80n, reservedBytes: 50n })).toBe(0n);
  });

  it('keeps exact values beyond 2^53 bytes', () => {
    const max = 2n ** 60n + 7n;
    expect(availableQuota({ maxBytes: max, usedBytes: 1n, reservedBytes: 2n })).toBe(2n ** 60n + 4n);
  });
});

describe('checkAvailabilityCreate', () => {
  it('accepts a complete offer that fits the quota', () => {
    expect(checkAvailabilityCreate(valid, 1001n)).toEqual([]);
  });

  it('reports every zero field with Codex messages in Codex order', () => {
    const found = checkAvailabilityCreate(
      { totalSize: 0n, duration: 0, minPricePerBytePerSecond: 0n, totalCollateral: 0n },
      1000n,
    );
    expect(found).toEqual([
      { field: 'totalSize', message: 'Total size must be larger then zero' },
      { field: 'duration', message: 'duration must be larger then zero' },
      { field: 'minPricePerBytePerSecond', message: 'minPricePerBytePerSecond must be larger then zero' },
      { field: 'totalCollateral', message: 'totalCollateral must be larger then zero' },
    ]);
  });

  it('refuses a size equal to the free quota, because Codex requires strictly less', () => {
    expect(checkAvailabilityCreate(valid, 1000n)).toEqual([
      { field: 'totalSize', message: 'Not enough storage quota' },
    ]);
    expect(checkAvailabilityCreate({ ...valid, totalSize: 999n }, 1000n)).toEqual([]);
  });

  it('refuses a negative until and accepts zero as no limit', () => {
    expect(messages(checkAvailabilityCreate({ ...valid, until: -1 }, 5000n))).toEqual([
      'Cannot set until to a negative value',
    ]);
    expect(checkAvailabilityCreate({ ...valid, until: 0 }, 5000n)).toEqual([]);
  });

  it('takes bigint durations as well as numbers', () => {
    expect(checkAvailabilityCreate({ ...valid, duration: 0n }, 5000n)[0]?.field).toBe('duration');
  });
});

describe('checkAvailabilityUpdate', () => {
  const context = { current: { totalSize: 1000n, freeSize: 400n }, freeQuota: 100n, longestHostedUntil: 5000 };

  it('accepts an empty patch', () => {
    expect(checkAvailabilityUpdate({}, context)).toEqual([]);
  });

  it('refuses to shrink below the bytes in use and names them', () => {
    expect(messages(checkAvailabilityUpdate({ totalSize: 599n }, context))).toEqual([
      'New totalSize must be larger then current totalSize - freeSize, which is currently: 600',
    ]);
    expect(checkAvailabilityUpdate({ totalSize: 600n }, context)).toEqual([]);
  });

  it('checks only the growth against the free quota', () => {
    expect(checkAvailabilityUpdate({ totalSize: 1099n }, context)).toEqual([]);
    expect(messages(checkAvailabilityUpdate({ totalSize: 1100n }, context))).toEqual(['Not enough storage quota']);
  });

  it('refuses a zero size', () => {
    expect(messages(checkAvailabilityUpdate({ totalSize: 0n }, context))).toEqual([
      'Total size must be larger then zero',
    ]);
  });

  it('refuses an until before the longest hosted slot, but not zero', () => {
    expect(messages(checkAvailabilityUpdate({ until: 4999 }, context))).toEqual([
      'Until parameter must be greater or equal to the longest currently hosted slot',
    ]);
    expect(checkAvailabilityUpdate({ until: 5000 }, context)).toEqual([]);
    expect(checkAvailabilityUpdate({ until: 0 }, context)).toEqual([]);
    expect(messages(checkAvailabilityUpdate({ until: -3 }, context))).toEqual(['Cannot set until to a negative value']);
  });

  it('refuses any attempt to set freeSize', () => {
    expect(checkAvailabilityUpdate({ freeSize: 10 }, context)).toEqual([
      { field: 'freeSize', message: 'Updating freeSize is not allowed' },
    ]);
  });

  it('does not re-check zero price, duration or collateral, as Codex does not', () => {
    expect(
      checkAvailabilityUpdate({ duration: 0, minPricePerBytePerSecond: 0n, totalCollateral: 0n }, context),
    ).toEqual([]);
  });
});
