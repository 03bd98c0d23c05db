// What makes an availability valid, how a PATCH changes one, and which slots it accepts
// (spec/sales.md §4.4 and §7.1, with DESIGN.md's fixes). Pure functions: a store calls them inside
// the transaction that reads and writes the availability, so a check and its write never separate.
import { CodexTexts, InvalidArgumentError, QuotaNotEnoughError, UntilOutOfBoundsError } from '../errors';
import type { Seconds } from '../ports/clock';
import type { Availability, AvailabilityPatch, AvailabilityQuery, Id, NewAvailability } from '../ports/store';

/** Builds a new availability, or throws the first broken rule in Codex's order. `quotaAvailable` is the repo's free quota. */
export function createAvailabilityRecord(id: Id, input: NewAvailability, quotaAvailable: bigint): Availability {
  if (input.totalSize <= 0n) throw new InvalidArgumentError(CodexTexts.totalSizeZero);
  if (input.duration <= 0n) throw new InvalidArgumentError(CodexTexts.durationZero);
  if (input.minPricePerBytePerSecond <= 0n) throw new InvalidArgumentError(CodexTexts.minPriceZero);
  if (input.totalCollateral <= 0n) throw new InvalidArgumentError(CodexTexts.totalCollateralZero);
  if (input.totalSize > quotaAvailable) throw new QuotaNotEnoughError(CodexTexts.quota);
  const until = input.until ?? 0;
  checkUntil(until);
  return {
    id,
    totalSize: input.totalSize,
    freeSize: input.totalSize,
    duration: input.duration,
    minPricePerBytePerSecond: input.minPricePerBytePerSecond,
    totalCollateral: input.totalCollateral,
    totalRemainingCollateral: input.totalCollateral,
    enabled: input.enabled ?? true,
    until,
  };
}

/** What a PATCH needs to know beyond the availability itself. */
export interface PatchContext {
  /** The repo's free quota in bytes. */
  readonly quotaAvailable: bigint;
  /** The latest validUntil among the availability's reservations; 0 when it has none. */
  readonly latestValidUntil: Seconds;
}

/**
 * Applies a PATCH, or throws and changes nothing. Unlike Codex, a new totalCollateral keeps the
 * collateral in use committed (remaining moves by the difference), and a new totalSize needs free
 * quota only for its increase.
 */
export function patchAvailability(
  current: Availability,
  patch: AvailabilityPatch,
  context: PatchContext,
): Availability {
  if (patch.freeSize !== undefined) throw new InvalidArgumentError(CodexTexts.freeSizeReadOnly);
  let { totalSize, freeSize, totalRemainingCollateral } = current;
  if (patch.totalSize !== undefined) {
    if (patch.totalSize <= 0n) throw new InvalidArgumentError(CodexTexts.totalSizeZero);
    const inUse = current.totalSize - current.freeSize;
    if (patch.totalSize < inUse) throw new InvalidArgumentError(CodexTexts.totalSizeInUse(inUse));
    if (patch.totalSize - current.totalSize > context.quotaAvailable) throw new QuotaNotEnoughError(CodexTexts.quota);
    totalSize = patch.totalSize;
    freeSize = current.freeSize + (patch.totalSize - current.totalSize);
  }
  if (patch.duration !== undefined && patch.duration <= 0n) throw new InvalidArgumentError(CodexTexts.durationZero);
  if (patch.minPricePerBytePerSecond !== undefined && patch.minPricePerBytePerSecond <= 0n) {
    throw new InvalidArgumentError(CodexTexts.minPriceZero);
  }
  if (patch.totalCollateral !== undefined) {
    if (patch.totalCollateral <= 0n) throw new InvalidArgumentError(CodexTexts.totalCollateralZero);
    const inUse = current.totalCollateral - current.totalRemainingCollateral;
    if (patch.totalCollateral < inUse) {
      throw new InvalidArgumentError(
        `New totalCollateral must be at least the collateral in use (totalCollateral - totalRemainingCollateral), which is currently: ${inUse}`,
      );
    }
    totalRemainingCollateral = patch.totalCollateral - inUse;
  }
  if (patch.until !== undefined) {
    checkUntil(patch.until);
    if (patch.until > 0 && context.latestValidUntil > patch.until) {
      throw new UntilOutOfBoundsError(CodexTexts.untilBeforeHostedSlot);
    }
  }
  return {
    ...current,
    totalSize,
    freeSize,
    totalRemainingCollateral,
    duration: patch.duration ?? current.duration,
    minPricePerBytePerSecond: patch.minPricePerBytePerSecond ?? current.minPricePerBytePerSecond,
    totalCollateral: patch.totalCollateral ?? current.totalCollateral,
    enabled: patch.enabled ?? current.enabled,
    until: patch.until ?? current.until,
  };
}

function checkUntil(until: Seconds): void {
  if (until < 0) throw new UntilOutOfBoundsError(CodexTexts.untilNegative);
  if (!Number.isSafeInteger(until)) throw new InvalidArgumentError(`until must be whole Unix seconds, got ${until}`);
}

/** Collateral the availability can still post per free byte; all of it when no byte is free. */
export function maxCollateralPerByte(availability: Availability): bigint {
  const { freeSize, totalRemainingCollateral } = availability;
  return freeSize === 0n ? totalRemainingCollateral : totalRemainingCollateral / freeSize;
}

/** Whether the availability accepts a slot with these terms: every condition of Codex's findAvailability. */
export function acceptsSlot(availability: Availability, query: AvailabilityQuery): boolean {
  return (
    availability.enabled &&
    query.size <= availability.freeSize &&
    query.duration <= availability.duration &&
    query.collateralPerByte <= maxCollateralPerByte(availability) &&
    query.pricePerBytePerSecond >= availability.minPricePerBytePerSecond &&
    (availability.until === 0 || availability.until >= query.validUntil)
  );
}

/**
 * Whether a change may let queued slots match that did not before, so the slot queue should
 * retry them: creation, re-enabling, more free bytes, longer duration, more remaining
 * collateral, a lower minimum price, or a later (or no) until. Codex fired on a higher minimum
 * price instead, and not on re-enabling or until.
 */
export function availabilityGainedRoom(before: Availability | undefined, after: Availability): boolean {
  if (before === undefined) return true;
  return (
    (!before.enabled && after.enabled) ||
    after.freeSize > before.freeSize ||
    after.duration > before.duration ||
    after.totalRemainingCollateral > before.totalRemainingCollateral ||
    after.minPricePerBytePerSecond < before.minPricePerBytePerSecond ||
    (before.until !== 0 && (after.until === 0 || after.until > before.until))
  );
}
