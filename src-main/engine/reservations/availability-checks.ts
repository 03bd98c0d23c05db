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
  /** Codex's REST text where Codex has one (its clients match on it), else Slotkeeper's. */
  readonly message: string;
  /** The same in the operator's words, naming the field as the dashboard labels it. */
  readonly say: string;
  /** The bound the value broke, in the field's own unit, when there is one (the free quota, bytes in use…). */
  readonly limit?: bigint;
}

/** How the dashboard labels each field; the operator's messages name fields this way. */
export const AvailabilityFieldLabels = {
  totalSize: 'Space to offer',
  freeSize: 'Free space',
  duration: 'Longest request to accept',
  minPricePerBytePerSecond: 'Minimum price',
  totalCollateral: 'Total collateral',
  until: 'Accept requests ending no later than',
} as const satisfies Record<AvailabilityField, string>;

/** The largest value Codex's contract and REST api carry for each amount (u64 sizes, u256 money). */
export const AvailabilityFieldMaxima = {
  totalSize: 2n ** 64n - 1n,
  duration: 2n ** 64n - 1n,
  minPricePerBytePerSecond: 2n ** 256n - 1n,
  totalCollateral: 2n ** 256n - 1n,
} as const;

/** Slotkeeper's own texts for rules Codex does not have (so no Codex text to copy). */
export const AvailabilityTexts = {
  untilNotWhole: (until: Seconds): string => `until must be whole Unix seconds, got ${until}`,
  totalCollateralInUse: (inUse: bigint): string =>
    `New totalCollateral must be at least the collateral in use (totalCollateral - totalRemainingCollateral), which is currently: ${inUse}`,
  tooLarge: (field: AvailabilityField): string => `${field} is larger than the marketplace can carry`,
  untilPassed: 'until is in the past',
} as const;

const L = AvailabilityFieldLabels;
/** The operator's words for each rule. */
export const AvailabilitySay = {
  moreThanZero: (field: AvailabilityField): string => `${L[field]} must be more than 0`,
  tooLarge: (field: AvailabilityField): string => `${L[field]} is too large`,
  quota: 'Space to offer is more than the free quota',
  sizeInUse: 'Space to offer cannot be less than what its slots already hold',
  collateralInUse: 'Total collateral cannot be less than what its slots already put at stake',
  untilNegative: 'The end date cannot be before 1 January 1970',
  untilNotWhole: 'The end date must be a whole second',
  untilBeforeHostedSlot: 'The end date cannot be before the end of a slot this offer already hosts',
  untilPassed: 'The end date has already passed: no new slot could match it',
  freeSizeReadOnly: 'Free space follows from the slots held and cannot be set',
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
  const sizeBad = amount(found, 'totalSize', input.totalSize, CodexTexts.totalSizeZero);
  amount(found, 'duration', input.duration, CodexTexts.durationZero);
  amount(found, 'minPricePerBytePerSecond', input.minPricePerBytePerSecond, CodexTexts.minPriceZero);
  amount(found, 'totalCollateral', input.totalCollateral, CodexTexts.totalCollateralZero);
  if (!sizeBad && !fitsFreeQuota(input.totalSize, quotaAvailable)) {
    found.push(quotaViolation(quotaAvailable));
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
    const say = AvailabilitySay.freeSizeReadOnly;
    found.push({ field: 'freeSize', code: 'invalid-argument', message: CodexTexts.freeSizeReadOnly, say });
  }
  if (patch.totalSize !== undefined && !amount(found, 'totalSize', patch.totalSize, CodexTexts.totalSizeZero)) {
    const inUse = current.totalSize - current.freeSize;
    if (patch.totalSize < inUse) {
      const message = CodexTexts.totalSizeInUse(inUse);
      found.push({
        field: 'totalSize',
        code: 'invalid-argument',
        message,
        say: AvailabilitySay.sizeInUse,
        limit: inUse,
      });
    } else if (!fitsFreeQuota(patch.totalSize - current.totalSize, context.quotaAvailable)) {
      // The offer's own bytes are already held: it may grow into the free quota beyond them.
      found.push(quotaViolation(current.totalSize + context.quotaAvailable));
    }
  }
  if (patch.duration !== undefined) amount(found, 'duration', patch.duration, CodexTexts.durationZero);
  if (patch.minPricePerBytePerSecond !== undefined) {
    amount(found, 'minPricePerBytePerSecond', patch.minPricePerBytePerSecond, CodexTexts.minPriceZero);
  }
  const collateral = patch.totalCollateral;
  if (collateral !== undefined && !amount(found, 'totalCollateral', collateral, CodexTexts.totalCollateralZero)) {
    const inUse = current.totalCollateral - current.totalRemainingCollateral;
    if (collateral < inUse) {
      const message = AvailabilityTexts.totalCollateralInUse(inUse);
      const say = AvailabilitySay.collateralInUse;
      found.push({ field: 'totalCollateral', code: 'invalid-argument', message, say, limit: inUse });
    }
  }
  if (patch.until !== undefined && !checkUntil(found, patch.until)) {
    if (patch.until > 0 && context.latestValidUntil > patch.until) {
      const say = AvailabilitySay.untilBeforeHostedSlot;
      found.push({ field: 'until', code: 'until-out-of-bounds', message: CodexTexts.untilBeforeHostedSlot, say });
    }
  }
  return found;
}

/**
 * The end date against the chain clock: one that has passed is refused where the operator types
 * it (the dashboard). Codex's REST api accepts it, so the store does not check it.
 */
export function checkUntilNotPassed(until: Seconds, now: Seconds): AvailabilityViolation[] {
  if (until <= 0 || until >= now) return [];
  return [
    {
      field: 'until',
      code: 'until-out-of-bounds',
      message: AvailabilityTexts.untilPassed,
      say: AvailabilitySay.untilPassed,
    },
  ];
}

/** The quota refusal, with the room there was. */
function quotaViolation(room: bigint): AvailabilityViolation {
  return {
    field: 'totalSize',
    code: 'quota-not-enough',
    message: CodexTexts.quota,
    say: AvailabilitySay.quota,
    limit: room,
  };
}

type AmountField = keyof typeof AvailabilityFieldMaxima;

/** Records an amount that is zero (or negative) or too large to carry; says whether it did. */
function amount(found: AvailabilityViolation[], field: AmountField, value: bigint, zero: string): boolean {
  if (value <= 0n) {
    found.push({ field, code: 'invalid-argument', message: zero, say: AvailabilitySay.moreThanZero(field) });
  } else if (value > AvailabilityFieldMaxima[field]) {
    const limit = AvailabilityFieldMaxima[field];
    found.push({
      field,
      code: 'invalid-argument',
      message: AvailabilityTexts.tooLarge(field),
      say: AvailabilitySay.tooLarge(field),
      limit,
    });
  } else {
    return false;
  }
  return true;
}

/** Records an until that is negative or not whole seconds; says whether it did. */
function checkUntil(found: AvailabilityViolation[], until: Seconds): boolean {
  if (until < 0) {
    const say = AvailabilitySay.untilNegative;
    found.push({ field: 'until', code: 'until-out-of-bounds', message: CodexTexts.untilNegative, say });
  } else if (!Number.isSafeInteger(until)) {
    const say = AvailabilitySay.untilNotWhole;
    found.push({ field: 'until', code: 'invalid-argument', message: AvailabilityTexts.untilNotWhole(until), say });
  } else {
    return false;
  }
  return true;
}
