import { describe, expect, it } from 'vitest';
import { quotaLeft, repoQuota } from '../../../../src-main/engine/reservations/quota';

const reading = { max: 1_000n, used: 200n, reserved: 300n, diskFree: 10_000n, diskTotal: 20_000n };

describe('repo quota arithmetic', () => {
  it('derives what is left and never reports less than nothing', () => {
    expect(repoQuota(reading).available).toBe(500n);
    expect(repoQuota({ ...reading, reserved: 900n }).available).toBe(0n);
    expect(quotaLeft({ max: 10n, used: 4n, reserved: 6n })).toBe(0n);
  });

  it('flags a quota larger than the disk can still hold', () => {
    expect(repoQuota(reading).exceedsDisk).toBe(false);
    expect(repoQuota({ ...reading, diskFree: 799n }).exceedsDisk).toBe(true);
    expect(repoQuota({ ...reading, diskFree: 800n }).exceedsDisk).toBe(false);
  });
});
