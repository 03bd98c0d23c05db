// Why no availability took a slot. findAvailability only says "none"; the operator needs to know
// which knob to turn, so each availability's conditions are re-checked and the one that missed
// by the fewest conditions gives the reason.
import type { IgnoredReason } from '../ports/history';
import type { Availability, AvailabilityQuery } from '../ports/store';
import { maxCollateralPerByte } from '../reservations/availability-rules';

/** The conditions of Codex's findAvailability that `availability` fails for `query`, in a fixed order. */
export function unmetConditions(availability: Availability, query: AvailabilityQuery): IgnoredReason[] {
  const unmet: IgnoredReason[] = [];
  if (!availability.enabled) unmet.push('availability-disabled');
  if (query.pricePerBytePerSecond < availability.minPricePerBytePerSecond) unmet.push('price-too-low');
  if (query.size > availability.freeSize) unmet.push('slot-too-big');
  if (query.duration > availability.duration) unmet.push('duration-too-long');
  if (query.collateralPerByte > maxCollateralPerByte(availability)) unmet.push('collateral-too-high');
  if (availability.until !== 0 && availability.until < query.validUntil) unmet.push('until-too-early');
  return unmet;
}

/** The narrowest reason no availability accepts the slot; 'no-availability' when there is none at all. */
export function whyNoAvailability(availabilities: readonly Availability[], query: AvailabilityQuery): IgnoredReason {
  let closest: IgnoredReason[] | undefined;
  for (const availability of availabilities) {
    const unmet = unmetConditions(availability, query);
    // One that accepts means the slot lost a race for its room; the others still say why not.
    if (unmet.length > 0 && (closest === undefined || unmet.length < closest.length)) closest = unmet;
  }
  return closest?.[0] ?? 'no-availability';
}
