// The rules for offering space (docs/reference/sales.md §7.1 POST and PATCH, with the fixes in docs/architecture.md) as
// lists of violations instead of throws. The store throws the first one (availability-rules.ts);
// the dashboard's form shows them all as the operator types. One implementation, so the form can
// never promise what the store refuses. Pure and import-light: the renderer bundles this file.
import { CodexTexts, type EngineErrorCode } from '../errors';
import type { Seconds } from '../ports/clock';
import type { Availability, AvailabilityPatch, NewAvailability } from '../ports/store';

/** A field an availability rule can reject, named as Codex's REST API names it. */
export type AvailabilityField =
  'totalSize' | 'freeSize' | 'duration' | 'minPricePerBytePerSecond' | 'totalCollateral' | 'until';

/** The engine error code the store throws for a violation. */
export type AvailabilityViolationCode = Extract<
  EngineErrorCode,
  'invalid-argument' | 'quota-not-enough' | 'until-out-of-bounds'
>;

/** One broken rule: the field, the engine error code the store throws for it, and its message. */
export interface AvailabilityViolation {
  readonly field: AvailabilityField;
  readonly code: AvailabilityViolationCode;
  readonly message: string;
}

/** Slotkeeper's own texts for rules Codex does not have (so no Codex text to copy). */
export const AvailabilityTexts = {
  untilNotWhole: (until: Seconds): string => `until must be whole Unix seconds, got ${until}`,
  totalCollateralInUse: (inUse: bigint): string =>
    `New totalCollateral must be at least the collateral in use (totalCollateral - totalRemainingCollateral), which is currently: ${inUse}`,
} as const;

/**
 * Whether `bytes` more may be held from the repo's free quota. At most all of it: the repo's own
 * reserve fails only past `max` (docs/reference/sales.md §8.2). Codex's REST pre-check `hasAvailable` is
 * strictly less, one byte short of what its repo accepts; Slotkeeper does not copy that byte.
 */
export function fitsFreeQuota(bytes: bigint, quotaAvailable: bigint): boolean {
  return bytes <= quotaAvailable;
}

/**
 * Every rule a new availability breaks, in Codex's check order: zero size, duration, price and
 * collateral, the quota, then until. At most one per field (the first it breaks), since a
 * field's later rules assume its earlier ones hold.
 */
export function checkNewAvailability(input: NewAvailability, quotaAvailable: bigint): AvailabilityViolation[] {
  const found: AvailabilityViolation[] = [];
  const sizeZero = positive(found, 'totalSize', input.totalSize, CodexTexts.totalSizeZero);
  positive(found, 'duration', input.duration, CodexTexts.durationZero);
  positive(found, 'minPricePerBytePerSecond', input.minPricePerBytePerSecond, CodexTexts.minPriceZero);
  positive(found, 'totalCollateral', input.totalCollateral, CodexTexts.totalCollateralZero);
  if (!sizeZero && !fitsFreeQuota(input.totalSize, quotaAvailable)) {
    found.push({ field: 'totalSize', code: 'quota-not-enough', message: CodexTexts.quota });
  }
  checkUntil(found, input.until ?? 0);
  return found;
}

/** What a PATCH is judged against beyond the patch itself. */
export interface PatchContext {
  /** The repo's free quota in bytes. */
  readonly quotaAvailable: bigint;
  /** The latest validUntil among the availability's reservations; 0 when it has none. */
  readonly latestValidUntil: Seconds;
}

/** The parts of a stored availability a PATCH is checked against: what its slots hold now. */
export type AvailabilityBooks = Pick<
  Availability,
  'totalSize' | 'freeSize' | 'totalCollateral' | 'totalRemainingCollateral'
>;

/**
 * Every rule a PATCH breaks, in Codex's order (freeSize, totalSize, then the other fields), at
 * most one per field. Unlike Codex (docs/architecture.md): only the growth of totalSize needs free quota,
 * since the current size is already held; totalCollateral may not drop below what is in use;
 * and zero duration, price or collateral are refused here too, as on creation.
 */
export function checkAvailabilityPatch(
  current: AvailabilityBooks,
  patch: AvailabilityPatch,
  context: PatchContext,
): AvailabilityViolation[] {
  const found: AvailabilityViolation[] = [];
  if (patch.freeSize !== undefined) {
    found.push({ field: 'freeSize', code: 'invalid-argument', message: CodexTexts.freeSizeReadOnly });
  }
  if (patch.totalSize !== undefined && !positive(found, 'totalSize', patch.totalSize, CodexTexts.totalSizeZero)) {
    const inUse = current.totalSize - current.freeSize;
    if (patch.totalSize < inUse) {
      found.push({ field: 'totalSize', code: 'invalid-argument', message: CodexTexts.totalSizeInUse(inUse) });
    } else if (!fitsFreeQuota(patch.totalSize - current.totalSize, context.quotaAvailable)) {
      found.push({ field: 'totalSize', code: 'quota-not-enough', message: CodexTexts.quota });
    }
  }
  if (patch.duration !== undefined) positive(found, 'duration', patch.duration, CodexTexts.durationZero);
  if (patch.minPricePerBytePerSecond !== undefined) {
    positive(found, 'minPricePerBytePerSecond', patch.minPricePerBytePerSecond, CodexTexts.minPriceZero);
  }
  const collateral = patch.totalCollateral;
  if (collateral !== undefined && !positive(found, 'totalCollateral', collateral, CodexTexts.totalCollateralZero)) {
    const inUse = current.totalCollateral - current.totalRemainingCollateral;
    if (collateral < inUse) {
      const message = AvailabilityTexts.totalCollateralInUse(inUse);
      found.push({ field: 'totalCollateral', code: 'invalid-argument', message });
    }
  }
  if (patch.until !== undefined && !checkUntil(found, patch.until)) {
    if (patch.until > 0 && context.latestValidUntil > patch.until) {
      found.push({ field: 'until', code: 'until-out-of-bounds', message: CodexTexts.untilBeforeHostedSlot });
    }
  }
  return found;
}

/** Records a zero (or negative) amount; says whether it did. */
function positive(found: AvailabilityViolation[], field: AvailabilityField, value: bigint, message: string): boolean {
  if (value > 0n) return false;
  found.push({ field, code: 'invalid-argument', message });
  return true;
}

/** Records an until that is negative or not whole seconds; says whether it did. */
function checkUntil(found: AvailabilityViolation[], until: Seconds): boolean {
  if (until < 0) {
    found.push({ field: 'until', code: 'until-out-of-bounds', message: CodexTexts.untilNegative });
  } else if (!Number.isSafeInteger(until)) {
    found.push({ field: 'until', code: 'invalid-argument', message: AvailabilityTexts.untilNotWhole(until) });
  } else {
    return false;
  }
  return true;
}
