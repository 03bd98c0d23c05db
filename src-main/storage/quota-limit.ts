// Changing the repo quota while the engine runs. The new quota may not drop below what is held
// (slot data on disk plus bytes availabilities hold): it is checked, remembered (the settings
// file) and applied inside one write transaction, so no availability can take bytes between the
// check and the change, and a quota that could not be remembered is not applied either.
import { InvalidArgumentError, quotaFloor, type RepoQuota } from '../engine/index';
import { writeTransaction, type Db } from './db';
import type { FileRepo } from './file-repo';
import { QuotaTable } from './quota-table';

/** Sets the quota to `max` bytes, calling `remember` before it applies; throws and changes nothing when `max` is below what is held. */
export type QuotaLimitSetter = (max: bigint, remember: (max: bigint) => void) => RepoQuota;

/** Builds the setter over the database and the repo. */
export function quotaLimitSetter(db: Db, repo: FileRepo): QuotaLimitSetter {
  const rows = new QuotaTable(db);
  return writeTransaction(db, (max: bigint, remember: (max: bigint) => void): RepoQuota => {
    const floor = quotaFloor({ used: repo.usedBytes(), reserved: rows.reserved() });
    if (max < floor) {
      throw new InvalidArgumentError(
        `The quota cannot be ${max} bytes: this host already holds ${floor} bytes (slot data and space offered in availabilities).`,
      );
    }
    remember(max);
    repo.setMaxBytes(max);
    return repo.quota();
  });
}
