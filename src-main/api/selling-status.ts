// What the tray and header say about selling: paused by the operator, needing attention (disk,
// recent losses, or proofs that cannot be made, so no slot is taken), or selling.
import type { OutcomeDto, ProofsDto, QuotaDto, SellingStatus, SettingsDto } from './dto';

/** Outcomes that mean money is at risk and the operator should look. */
const alarming = new Set<OutcomeDto['kind']>(['sale-errored', 'proofs-missed']);
/** How long an alarming outcome keeps the status at "attention", in chain seconds. */
export const ATTENTION_WINDOW_SECONDS = 24 * 3600;

/** Derives the selling status from settings, the quota, recent outcomes and whether proofs can be made. */
export function sellingStatus(
  settings: SettingsDto,
  quota: QuotaDto,
  recent: OutcomeDto[],
  now: number,
  proofs: Pick<ProofsDto, 'ready'> = { ready: true },
): SellingStatus {
  if (settings.sellingPaused) return 'paused';
  if (!proofs.ready) return 'attention';
  const unwrittenQuota = BigInt(quota.maxBytes) - BigInt(quota.usedBytes);
  if (unwrittenQuota > BigInt(quota.diskFreeBytes)) return 'attention';
  if (recent.some((o) => alarming.has(o.kind) && now - o.at < ATTENTION_WINDOW_SECONDS)) return 'attention';
  return 'selling';
}
