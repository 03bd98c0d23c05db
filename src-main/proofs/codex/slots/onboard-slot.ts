// Onboarding a downloaded slot (what nim-codex does on onStore): build its tree from the stored
// blocks, accept it only when its root is the manifest's root for the slot, and persist the tree
// with the dataset's slot roots so proving needs neither the slot tree rebuilt nor the manifest.
import { isFieldElement } from '../poseidon2/field';
import { buildSlotTree, type BuildSlotTreeOptions, type SlotTreeBuildFailure } from './build-slot-tree';
import { MAX_DATASET_DEPTH } from './layout';
import { slotRoot } from './slot-tree';
import type { StoredSlotTree } from './slot-tree-file';
import { saveSlotTree, type SlotTreeStorage } from './slot-tree-storage';

/** What onboardSlot needs beyond building the tree. */
export interface OnboardSlotOptions extends BuildSlotTreeOptions {
  readonly slotIndex: number;
  /** The dataset's slot roots from its manifest, in slot order. */
  readonly slotRoots: readonly bigint[];
  readonly storage: SlotTreeStorage;
}

/** Why a slot was not onboarded. */
export type OnboardFailure =
  | SlotTreeBuildFailure
  | { readonly kind: 'root-mismatch' | 'write-failed'; readonly message: string; readonly blockIndex?: undefined };

/** Builds, checks and persists the slot's tree. */
export async function onboardSlot(
  options: OnboardSlotOptions,
): Promise<{ ok: true; value: StoredSlotTree } | { ok: false; error: OnboardFailure }> {
  const { slotIndex, slotRoots } = options;
  if (slotRoots.length < 1 || slotRoots.length > 1 << MAX_DATASET_DEPTH || !slotRoots.every(isFieldElement))
    return {
      ok: false,
      error: { kind: 'invalid-input', message: 'a dataset has 1 to 256 slot roots, each a field element' },
    };
  if (!Number.isSafeInteger(slotIndex) || slotIndex < 0 || slotIndex >= slotRoots.length)
    return {
      ok: false,
      error: { kind: 'invalid-input', message: `slot ${slotIndex} is not in a dataset of ${slotRoots.length} slots` },
    };
  const built = await buildSlotTree(options);
  if (!built.ok) return built;
  if (slotRoot(built.value) !== slotRoots[slotIndex])
    return {
      ok: false,
      error: {
        kind: 'root-mismatch',
        message: `the stored data of slot ${slotIndex} does not hash to the manifest's slot root`,
      },
    };
  const stored: StoredSlotTree = { tree: built.value, slotIndex, slotRoots };
  try {
    await saveSlotTree(options.storage, stored);
  } catch (error) {
    return {
      ok: false,
      error: {
        kind: 'write-failed',
        message: `the slot tree could not be stored: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
  return { ok: true, value: stored };
}
