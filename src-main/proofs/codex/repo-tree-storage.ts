// A slot's tree file kept beside its data in the repo (the Repo port's sidecar files), so it is
// counted in the quota's `used` like the data, written atomically, and deleted with the slot.
import type { Repo } from '../../engine/index';
import type { SlotTreeStorage } from './slots/slot-tree-storage';

/** The name of the slot-tree file beside a slot's data. */
export const SLOT_TREE_FILE = 'slot-tree';

/** The SlotTreeStorage of the slot stored under `dataKey`. */
export function repoTreeStorage(
  repo: Pick<Repo, 'writeSlotFile' | 'readSlotFile' | 'deleteSlotFile'>,
  dataKey: string,
): SlotTreeStorage {
  return {
    write: (bytes) => repo.writeSlotFile(dataKey, SLOT_TREE_FILE, bytes),
    read: () => repo.readSlotFile(dataKey, SLOT_TREE_FILE),
    remove: () => repo.deleteSlotFile(dataKey, SLOT_TREE_FILE),
  };
}
