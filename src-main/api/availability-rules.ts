// The engine's rules for offering space, as the dashboard's form reaches them: the renderer may
// import only src-main/api/*, so this file re-exports the very functions the store throws from
// (engine/reservations/availability-checks.ts) and adds nothing but the step from the dashboard's
// decimal strings to the engine's bigints. No rule lives here: a second copy once disagreed with
// the store on the quota edge and on zero values in a PATCH.
import { repoQuota, type AvailabilityBooks } from '../engine/index';
import type { AvailabilityDto } from './dto';

export {
  AvailabilityTexts,
  checkAvailabilityPatch,
  checkNewAvailability,
  checkUntilNotPassed,
  AvailabilityFieldLabels,
  AvailabilitySay,
  CodexTexts,
  fitsFreeQuota,
  type AvailabilityBooks,
  type AvailabilityField,
  type AvailabilityViolation,
  type AvailabilityViolationCode,
  type PatchContext,
} from '../engine/index';

/** Quota figures in bytes, as QuotaDto carries them once parsed. */
export interface QuotaBytes {
  maxBytes: bigint;
  usedBytes: bigint;
  reservedBytes: bigint;
}

/** Bytes of the repo quota not yet used or held by an availability: the store's `quotaAvailable`. */
export function availableQuota(quota: QuotaBytes): bigint {
  // The engine's own quota arithmetic; the disk figures only decide `exceedsDisk`, unused here.
  const reading = { max: quota.maxBytes, used: quota.usedBytes, reserved: quota.reservedBytes };
  return repoQuota({ ...reading, diskFree: 0n, diskTotal: 0n }).available;
}

/** An availability's sizes and collateral, from the dashboard's strings, as checkAvailabilityPatch reads them. */
export function availabilityBooks(
  dto: Pick<AvailabilityDto, 'totalSize' | 'freeSize' | 'totalCollateral' | 'totalRemainingCollateral'>,
): AvailabilityBooks {
  return {
    totalSize: BigInt(dto.totalSize),
    freeSize: BigInt(dto.freeSize),
    totalCollateral: BigInt(dto.totalCollateral),
    totalRemainingCollateral: BigInt(dto.totalRemainingCollateral),
  };
}
