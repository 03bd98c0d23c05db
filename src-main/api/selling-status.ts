// What the tray and header say about selling: paused by the operator, needing attention, offering
// nothing (so not really selling), or selling.
import type { AvailabilityDto, OutcomeDto, QuotaDto, SellingStatus, SettingsDto } from './dto';

/** Outcomes that mean money is at risk and the operator should look. */
const alarming = new Set<OutcomeDto['kind']>(['sale-errored', 'proofs-missed']);
/** How long an alarming outcome keeps the status at "attention", in chain seconds. */
export const ATTENTION_WINDOW_SECONDS = 24 * 3600;

/** Whether anything is on offer: an enabled availability (one whose space is all in use still sells its slots). */
export function offersSpace(availabilities: readonly Pick<AvailabilityDto, 'enabled' | 'totalSize'>[]): boolean {
  return availabilities.some((a) => a.enabled && BigInt(a.totalSize) > 0n);
}

/** Derives the selling status from settings, the quota, recent outcomes and what is offered. */
export function sellingStatus(
  settings: SettingsDto,
  quota: QuotaDto,
  recent: OutcomeDto[],
  now: number,
  offered = true,
): SellingStatus {
  if (settings.sellingPaused) return 'paused';
  const unwrittenQuota = BigInt(quota.maxBytes) - BigInt(quota.usedBytes);
  if (unwrittenQuota > BigInt(quota.diskFreeBytes)) return 'attention';
  if (recent.some((o) => alarming.has(o.kind) && now - o.at < ATTENTION_WINDOW_SECONDS)) return 'attention';
  return offered ? 'selling' : 'idle';
}
