// The repo quota's arithmetic (spec/sales.md §8.2): `used` is slot data on disk, `reserved` is held
// by availabilities, and together they may not exceed `max`.
import { BytesOutOfBoundsError, InvalidArgumentError, QuotaNotEnoughError } from '../errors';
import type { RepoQuota } from '../ports/store';

/** The raw numbers a repo measures; the rest of RepoQuota derives from them. */
export interface QuotaReading {
  readonly max: bigint;
  readonly used: bigint;
  readonly reserved: bigint;
  readonly diskFree: bigint;
  readonly diskTotal: bigint;
}

/** Completes a reading: what is left of the quota, and whether the disk can really hold it. */
export function repoQuota(reading: QuotaReading): RepoQuota {
  const left = reading.max - reading.used - reading.reserved;
  return {
    ...reading,
    available: left > 0n ? left : 0n,
    exceedsDisk: reading.max - reading.used > reading.diskFree,
  };
}

/** The quota's `reserved` after holding `bytes` more; throws QuotaNotEnoughError when they do not fit. */
export function reserveQuota(reading: Pick<QuotaReading, 'max' | 'used' | 'reserved'>, bytes: bigint): bigint {
  if (bytes < 0n) throw new InvalidArgumentError(`Cannot reserve a negative number of bytes (${bytes})`);
  if (reading.used + reading.reserved + bytes > reading.max) {
    throw new QuotaNotEnoughError(
      `Not enough storage quota: reserving ${bytes} bytes would exceed the quota of ${reading.max} bytes ` +
        `(used ${reading.used}, reserved ${reading.reserved}); raise the quota or shrink an availability`,
    );
  }
  return reading.reserved + bytes;
}

/** The quota's `reserved` after giving `bytes` back; throws BytesOutOfBoundsError when fewer are held. */
export function releaseQuota(reserved: bigint, bytes: bigint): bigint {
  if (bytes < 0n) throw new InvalidArgumentError(`Cannot release a negative number of bytes (${bytes})`);
  if (bytes > reserved) {
    throw new BytesOutOfBoundsError(`Cannot release ${bytes} bytes: the quota holds only ${reserved} reserved bytes`);
  }
  return reserved - bytes;
}
