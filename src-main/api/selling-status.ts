// What the tray and header say about selling: paused by the operator, needing attention (an
// active alert of severity error or critical that the operator has not dismissed), or selling.
import type { SellingStatus, SettingsDto } from './dto';

/** Derives the selling status from settings and how many alerts need attention. */
export function sellingStatus(settings: SettingsDto, attention: number): SellingStatus {
  if (settings.sellingPaused) return 'paused';
  if (attention > 0) return 'attention';
  return 'selling';
}
