// What the tray and header say about selling: paused by the operator, needing attention (an
// active alert of severity error or critical that the operator has not dismissed), offering
// nothing (so not really selling), or selling.
import type { AvailabilityDto, SellingStatus, SettingsDto } from './dto';

/** Whether anything is on offer: an enabled availability (one whose space is all in use still sells its slots). */
export function offersSpace(availabilities: readonly Pick<AvailabilityDto, 'enabled' | 'totalSize'>[]): boolean {
  return availabilities.some((a) => a.enabled && BigInt(a.totalSize) > 0n);
}

/** Derives the selling status from settings, how many alerts need attention, and whether anything is offered. */
export function sellingStatus(settings: SettingsDto, attention: number, offered = true): SellingStatus {
  if (settings.sellingPaused) return 'paused';
  if (attention > 0) return 'attention';
  return offered ? 'selling' : 'idle';
}
