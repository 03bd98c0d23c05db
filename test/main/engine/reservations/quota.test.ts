import { describe, expect, it } from 'vitest';
import { releaseQuota, repoQuota, reserveQuota } from '../../../../src-main/engine/reservations/quota';
import { BytesOutOfBoundsError, QuotaNotEnoughError } from '../../../../src-main/engine/errors';

const reading = { max: 1_000n, used: 200n, reserved: 300n, diskFree: 10_000n, diskTotal: 20_000n };

describe('repo quota arithmetic', () => {
  it('derives what is left and never reports less than nothing', () => {
    expect(repoQuota(reading).available).toBe(500n);
    expect(repoQuota({ ...reading, reserved: 900n }).available).toBe(0n);
  });

  it('flags a quota larger than the disk can still hold', () => {
    expect(repoQuota(reading).exceedsDisk).toBe(false);
    expect(repoQuota({ ...reading, diskFree: 799n }).exceedsDisk).toBe(true);
    expect(repoQuota({ ...reading, diskFree: 800n }).exceedsDisk).toBe(false);
  });

  it('reserves up to the quota and not a byte more, saying what would overflow', () => {
    expect(reserveQuota(reading, 500n)).toBe(800n);
    expect(() => reserveQuota(reading, 501n)).toThrow(QuotaNotEnoughError);
    expect(() => reserveQuota(reading, 501n)).toThrow('quota of 1000 bytes (used 200, reserved 300)');
  });

  it('releases at most what is reserved', () => {
    expect(releaseQuota(300n, 300n)).toBe(0n);
    expect(() => releaseQuota(300n, 301n)).toThrow(BytesOutOfBoundsError);
    expect(() => releaseQuota(300n, -1n)).toThrow('negative');
  });
});
