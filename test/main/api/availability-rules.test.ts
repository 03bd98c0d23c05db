import { describe, expect, it } from 'vitest';
import * as adapter from '../../../src-main/api/availability-rules';
import * as engine from '../../../src-main/engine/index';

describe('availability rules for the dashboard', () => {
  it("are the engine's own functions and texts, not a copy", () => {
    expect(adapter.checkNewAvailability).toBe(engine.checkNewAvailability);
    expect(adapter.checkAvailabilityPatch).toBe(engine.checkAvailabilityPatch);
    expect(adapter.fitsFreeQuota).toBe(engine.fitsFreeQuota);
    expect(adapter.CodexTexts).toBe(engine.CodexTexts);
    expect(adapter.AvailabilityTexts).toBe(engine.AvailabilityTexts);
  });

  it("reads an availability's books from the dashboard's strings, exactly beyond 2^53", () => {
    const dto = {
      totalSize: String(2n ** 60n + 1n),
      freeSize: '5',
      totalCollateral: '7',
      totalRemainingCollateral: '3',
    };
    expect(adapter.availabilityBooks(dto)).toEqual({
      totalSize: 2n ** 60n + 1n,
      freeSize: 5n,
      totalCollateral: 7n,
      totalRemainingCollateral: 3n,
    });
  });
});

describe('availableQuota', () => {
  it('is the quota minus used and reserved bytes', () => {
    expect(adapter.availableQuota({ maxBytes: 100n, usedBytes: 30n, reservedBytes: 50n })).toBe(20n);
  });

  it('never goes below zero when the quota is overcommitted', () => {
    expect(adapter.availableQuota({ maxBytes: 100n, usedBytes: 80n, reservedBytes: 50n })).toBe(0n);
  });

  it('keeps exact values beyond 2^53 bytes', () => {
    const max = 2n ** 60n + 7n;
    expect(adapter.availableQuota({ maxBytes: max, usedBytes: 1n, reservedBytes: 2n })).toBe(2n ** 60n + 4n);
  });
});
