import type { Availability, NewAvailability, NewReservation } from '../../src-main/engine/ports/store';
import { testId } from './ids';

/** Codex's availability template from its Sales tests, overridable field by field. */
export function exampleAvailability(overrides: Partial<NewAvailability> = {}): NewAvailability {
  return {
    totalSize: 100_000n,
    duration: 3_600n,
    minPricePerBytePerSecond: 1n,
    totalCollateral: 100_000n,
    ...overrides,
  };
}

/** A reservation request against `availability` for slot `slotIndex` of request `request`. */
export function exampleReservation(
  availability: Pick<Availability, 'id'>,
  overrides: Partial<NewReservation> = {},
): NewReservation {
  return {
    availabilityId: availability.id,
    size: 1_000n,
    requestId: testId(7),
    slotIndex: 0n,
    collateralPerByte: 1n,
    validUntil: 1_700_000_000,
    ...overrides,
  };
}

/** For every availability: totalSize − (freeSize + Σ reservation sizes + Σ written bytes); all zero when nothing is lost. */
export function byteImbalances(
  availabilities: readonly Availability[],
  reservations: readonly { availabilityId: string; size: bigint; writtenSize: bigint }[],
): Map<string, bigint> {
  const result = new Map<string, bigint>();
  for (const a of availabilities) {
    const held = reservations
      .filter((r) => r.availabilityId === a.id)
      .reduce((sum, r) => sum + r.size + r.writtenSize, 0n);
    result.set(a.id, a.totalSize - (a.freeSize + held));
  }
  return result;
}
