import type { Availability, Repo, Reservation } from '../../src-main/engine/ports/store';
import type { Reservations } from '../../src-main/engine/reservations/reservations';
import { byteImbalances } from './availabilities';

/**
 * Everything the accounting promises, as a list of broken promises (empty when all hold). Not
 * among them: used + reserved ≤ max. Bytes given back to an availability are reserved again while
 * their slot data is still on disk until deleted, so the sum may pass max for a moment (and after
 * a crash, until the orphaned slot data is removed).
 */
export function brokenInvariants(reservations: Reservations, repo: Repo): string[] {
  const availabilities: Availability[] = reservations.listAvailabilities();
  const all: Reservation[] = reservations.listReservations();
  const broken: string[] = [];
  for (const [id, imbalance] of byteImbalances(availabilities, all)) {
    if (imbalance !== 0n) broken.push(`availability ${id}: totalSize is off by ${imbalance} bytes`);
  }
  const quota = repo.quota();
  const held = availabilities.reduce((s, a) => s + a.freeSize, 0n) + all.reduce((s, r) => s + r.size, 0n);
  if (quota.reserved !== held) broken.push(`quota reserved ${quota.reserved} ≠ free + reserved bytes ${held}`);
  for (const a of availabilities) {
    const committed = all.filter((r) => r.availabilityId === a.id).reduce((s, r) => s + r.collateral, 0n);
    if (a.totalRemainingCollateral + committed > a.totalCollateral) {
      broken.push(
        `availability ${a.id}: collateral ${a.totalRemainingCollateral} + ${committed} > ${a.totalCollateral}`,
      );
    }
  }
  return broken;
}

/** Slots (named by reservation id, as sales-ops writes them) holding fewer bytes on disk than their reservation says were written. */
export function missingSlotData(reservations: Reservations, repo: Repo): string[] {
  return reservations
    .listReservations()
    .filter((r) => repo.slotDataSize(r.id) < r.writtenSize)
    .map((r) => `reservation ${r.id}: ${r.writtenSize} bytes written, ${repo.slotDataSize(r.id)} on disk`);
}
