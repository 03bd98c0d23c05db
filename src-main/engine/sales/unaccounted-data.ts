// Slot data in the repo that no reservation accounts for, found at start-up. It is never deleted:
// with an empty, lost or older sales database it may be the only copy of slots still held on chain
// (deleting it gets every one of them slashed). Data tagged with a slot we hold goes on serving
// that slot; the rest is moved aside (Repo.quarantineSlotData) and the operator is told, in one log
// line and one alert, what was moved, where, and what to do.
import type { Alerter } from '../ports/alerter';
import type { Logger } from '../ports/logger';
import type { SlotId } from '../ports/market';
import type { Id, Repo } from '../ports/store';
import { errorMessage } from './errors';

/** The alert's key: data was moved aside at start-up. */
export const QUARANTINE_ALERT = 'slot-data-quarantined';

/** What start-up did with data nothing accounted for. */
export interface UnaccountedData {
  /** Data found (by its tag) for held slots that lost their reservation: slot id → data key. */
  readonly adopted: ReadonlyMap<SlotId, Id>;
  /** Data keys moved aside. */
  readonly quarantined: readonly Id[];
}

/**
 * Keeps the data under `accounted` keys, hands tagged data of `heldWithout` slots back, and moves
 * every other slot folder aside; never deletes anything.
 */
export async function settleUnaccountedData(
  repo: Repo,
  accounted: ReadonlySet<Id>,
  heldWithout: ReadonlySet<SlotId>,
  alerter: Alerter,
  logger: Logger,
): Promise<UnaccountedData> {
  const adopted = new Map<SlotId, Id>();
  const quarantined: Id[] = [];
  let bytes = 0n;
  let where: string | undefined;
  for (const key of repo.listSlots()) {
    if (accounted.has(key)) continue;
    const slotId = repo.slotOfData(key);
    if (slotId !== undefined && heldWithout.has(slotId) && !adopted.has(slotId)) {
      adopted.set(slotId, key);
      continue;
    }
    const size = repo.slotDataSize(key);
    try {
      where = await repo.quarantineSlotData(key);
      quarantined.push(key);
      bytes += size;
    } catch (error) {
      // Left where it is: moving it failed, and deleting it is never the answer.
      logger.error('could not move unaccounted slot data aside; it stays in place', {
        key,
        error: errorMessage(error),
      });
    }
  }
  if (quarantined.length > 0) {
    const folder = where === undefined ? 'the repo’s quarantine folder' : where.replace(/[\\/][^\\/]+$/, '');
    const message =
      `${quarantined.length} slot data folder(s) (${bytes} bytes) that no reservation accounts for were moved to ` +
      `${folder} instead of being deleted. If the sales database was lost or replaced by an older backup, ` +
      'restore the newest backup and move them back; otherwise delete that folder once you are sure. ' +
      'They still count as used space until then.';
    logger.warn(message, { keys: quarantined });
    alerter.raise({
      key: QUARANTINE_ALERT,
      category: 'storage',
      severity: 'warning',
      message,
      data: { folders: quarantined.length, bytes: bytes.toString(), folder },
    });
  }
  return { adopted, quarantined };
}
