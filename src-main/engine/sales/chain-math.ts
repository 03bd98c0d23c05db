// The contract's arithmetic the host needs to follow its own money and timing: periods, the
// per-slot price and collateral, and what a freeSlot pays (docs/reference/marketplace.md §2–§3).
import type { Period, StorageRequest } from '../ports/market';
import type { Seconds } from '../ports/clock';

/** period = floor(t / seconds per period). */
export function periodOf(t: Seconds, periodSeconds: Seconds): Period {
  return Math.floor(t / periodSeconds);
}

/** The first second of period p + 1. */
export function periodEnd(p: Period, periodSeconds: Seconds): Seconds {
  return (p + 1) * periodSeconds;
}

/** Tokens a slot earns per second: pricePerBytePerSecond × slotSize. */
export function pricePerSlotPerSecond(request: StorageRequest): bigint {
  return request.ask.pricePerBytePerSecond * request.ask.slotSize;
}

/** Collateral a fresh slot asks: collateralPerByte × slotSize. */
export function collateralPerSlot(request: StorageRequest): bigint {
  return request.ask.collateralPerByte * request.ask.slotSize;
}

/** Collateral a freed (Repair) slot asks: discounted by the repair reward. */
export function repairCollateral(request: StorageRequest, repairRewardPercentage: number): bigint {
  const cps = collateralPerSlot(request);
  return cps - (cps * BigInt(repairRewardPercentage)) / 100n;
}

/** What freeSlot pays for hosting from `filledAt` to `until` (endsAt, or expiresAt when cancelled). */
export function payoutFor(request: StorageRequest, filledAt: Seconds, until: Seconds): bigint {
  return until > filledAt ? BigInt(until - filledAt) * pricePerSlotPerSecond(request) : 0n;
}

/**
 * A slot's fixed offset (seconds) within a proof spread: its id modulo the spread, which is capped
 * at half the period so the proof still lands well inside it.
 */
export function spreadOffset(slotId: string, spreadSeconds: number, periodSeconds: number): number {
  const spread = Math.min(spreadSeconds, Math.floor(periodSeconds / 2));
  return spread <= 0 ? 0 : Number(BigInt(slotId) % BigInt(spread + 1));
}
