import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsFile } from '../../../src-main/storage/settings-file';
import { openTestStorage, type TestStorage } from '../../fakes/test-db';

const GiB = 1024n ** 3n;
let t: TestStorage;
beforeEach(() => {
  t = openTestStorage({ quotaMaxBytes: 20n * GiB });
});
afterEach(() => t.dispose());

const offer = (totalSize: bigint) =>
  t.reservations.createAvailability({
    totalSize,
    duration: 3600n,
    minPricePerBytePerSecond: 1n,
    totalCollateral: 1n,
  });

describe('changing the quota while running', () => {
  it('raises the quota at once: an offer the old quota refused is taken, and the choice is remembered', () => {
    const settings = new SettingsFile(t.dataDir);
    expect(() => offer(50n * GiB)).toThrow('Not enough storage quota');
    const quota = t.setQuotaMax(70n * GiB, (max) => settings.setQuotaMaxBytes(max));
    expect(quota.max).toBe(70n * GiB);
    expect(offer(50n * GiB).totalSize).toBe(50n * GiB);
    expect(t.repo.quota().available).toBe(20n * GiB - t.repo.quota().used);
    expect(JSON.parse(readFileSync(join(t.dataDir, 'settings.json'), 'utf8')).quotaMaxBytes).toBe(String(70n * GiB));
  });

  it('refuses a quota below what is held, and changes nothing, not even the settings file', () => {
    offer(12n * GiB);
    let remembered: bigint | undefined;
    expect(() => t.setQuotaMax(10n * GiB, (max) => (remembered = max))).toThrow(/already holds/);
    expect(remembered).toBeUndefined();
    expect(t.repo.quota().max).toBe(20n * GiB);
    // Exactly what is held is allowed.
    const held = t.repo.quota().used + t.repo.quota().reserved;
    expect(t.setQuotaMax(held, () => {}).available).toBe(0n);
  });

  it('keeps the old quota when the choice cannot be remembered', () => {
    expect(() =>
      t.setQuotaMax(30n * GiB, () => {
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(t.repo.quota().max).toBe(20n * GiB);
  });
});
