// The repo quota as the operator sets it: at start (--quota) and while running (Settings). Never
// below what is held, said in human units with the smallest quota that would do.
import { ApiFailure } from '../api/errors';
import { formatBytes, roundUpToGiB } from '../api/byte-size';
import { quotaFloor, type RepoQuota } from '../engine/index';
import type { Storage } from '../storage/open-storage';
import type { SettingsFile } from '../storage/settings-file';

/** What is held, in words: "40 GiB offered in availabilities and 2 GiB of slot data". */
function heldText(quota: Pick<RepoQuota, 'used' | 'reserved'>): string {
  return `${formatBytes(quota.reserved)} offered in availabilities and ${formatBytes(quota.used)} of slot data`;
}

/** A quota below what availabilities and slot data already hold would show impossible disk numbers. */
export function refuseQuotaBelowHeld(quota: RepoQuota): void {
  const held = quotaFloor(quota);
  if (quota.max >= held) return;
  throw new Error(
    `The quota of ${formatBytes(quota.max)} is smaller than what this data folder already holds: ${heldText(quota)}. ` +
      `Choose --quota ${roundUpToGiB(held)} or more, or shrink your availabilities first. Nothing was changed.`,
  );
}

/** Sets the quota now and remembers it for later starts; refused (changing nothing) below what is held. */
export function setQuotaLive(
  storage: Pick<Storage, 'repo' | 'setQuotaMax'>,
  settings: SettingsFile,
  max: bigint,
): RepoQuota {
  const now = storage.repo.quota();
  const held = quotaFloor(now);
  if (max < held) {
    throw new ApiFailure(
      'invalid-argument',
      `The quota must be at least ${formatBytes(held)}: this host already holds ${heldText(now)}. ` +
        'Shrink or delete availabilities first to go lower.',
      { field: 'maxBytes', limit: held.toString() },
    );
  }
  return storage.setQuotaMax(max, (bytes) => settings.setQuotaMaxBytes(bytes));
}
