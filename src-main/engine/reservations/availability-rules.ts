// What makes an availability valid, how a PATCH changes one, and which slots it accepts
// (docs/reference/sales.md §4.4 and §7.1, with the fixes in docs/architecture.md). Pure functions: a store calls them inside
// the transaction that reads and writes the availability, so a check and its write never separate.
// The rules themselves live in availability-checks.ts, shared with the dashboard's form; here the
// first broken one becomes the engine error the store throws.
import { InvalidArgumentError, QuotaNotEnoughError, UntilOutOfBoundsError, type EngineError } from '../errors';
import type { Availability, AvailabilityPatch, AvailabilityQuery, Id, NewAvailability } from '../ports/store';
import {
  checkAvailabilityPatch,
  checkNewAvailability,
  type AvailabilityViolation,
  type PatchContext,
} from './availability-checks';

/** Builds a new availability, or throws the first broken rule in Codex's order. `quotaAvailable` is the repo's free quota. */
export function createAvailabilityRecord(id: Id, input: NewAvailability, quotaAvailable: bigint): Availability {
  throwFirst(checkNewAvailability(input, quotaAvailable));
  return {
    id,
    totalSize: input.totalSize,
    freeSize: input.totalSize,
    duration: input.duration,
    minPricePerBytePerSecond: input.minPricePerBytePerSecond,
    totalCollateral: input.totalCollateral,
    totalRemainingCollateral: input.totalCollateral,
    enabled: input.enabled ?? true,
    until: input.until ?? 0,
  };
}

/**
 * Applies a PATCH, or throws the first broken rule and changes nothing. Unlike Codex, a new
 * totalCollateral keeps the collateral in use committed (remaining moves by the difference), and
 * a new totalSize moves freeSize by the difference too.
 */
export function patchAvailability(
  current: Availability,
  patch: AvailabilityPatch,
  context: PatchContext,
): Availability {
  throwFirst(checkAvailabilityPatch(current, patch, context));
  const sizeDelta = patch.totalSize === undefined ? 0n : patch.totalSize - current.totalSize;
  const collateralDelta = patch.totalCollateral === undefined ? 0n : patch.totalCollateral - current.totalCollateral;
  return {
    ...current,
    totalSize: current.totalSize + sizeDelta,
    freeSize: current.freeSize + sizeDelta,
    totalRemainingCollateral: current.totalRemainingCollateral + collateralDelta,
    duration: patch.duration ?? current.duration,
    minPricePerBytePerSecond: patch.minPricePerBytePerSecond ?? current.minPricePerBytePerSecond,
    totalCollateral: patch.totalCollateral ?? current.totalCollateral,
    enabled: patch.enabled ?? current.enabled,
    until: patch.until ?? current.until,
  };
}

/** The engine error class the store throws for a violation, keyed by its code. */
export function availabilityError(violation: AvailabilityViolation): EngineError {
  switch (violation.code) {
    case 'invalid-argument':
      return new InvalidArgumentError(violation.message);
    case 'quota-not-enough':
      return new QuotaNotEnoughError(violation.message);
    case 'until-out-of-bounds':
      return new UntilOutOfBoundsError(violation.message);
  }
}

function throwFirst(violations: readonly AvailabilityViolation[]): void {
  const [first] = violations;
  if (first) throw availabilityError(first);
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
