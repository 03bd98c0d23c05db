// The repo quota's arithmetic (docs/reference/sales.md §8.2): `used` is slot data on disk, `reserved` is held
// by availabilities, and together they may not exceed `max`.
import type { RepoQuota } from '../ports/store';

/** The raw numbers a repo measures; the rest of RepoQuota derives from them. */
export interface QuotaReading {
  readonly max: bigint;
  readonly used: bigint;
  readonly reserved: bigint;
  readonly diskFree: bigint;
  readonly diskTotal: bigint;
}

/** What is left of the quota: max − used − reserved, never below zero. */
export function quotaLeft(reading: Pick<QuotaReading, 'max' | 'used' | 'reserved'>): bigint {
  const left = reading.max - reading.used - reading.reserved;
  return left > 0n ? left : 0n;
}

/** Completes a reading: what is left of the quota, and whether the disk can really hold it. */
export function repoQuota(reading: QuotaReading): RepoQuota {
  return {
    ...reading,
    available: quotaLeft(reading),
    exceedsDisk: reading.max - reading.used > reading.diskFree,
  };
}
