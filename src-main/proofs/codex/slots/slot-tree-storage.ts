// Where a slot's tree file lives. The caller backs it with whatever holds the slot data (the
// integrator's Repo port); fileSlotTreeStorage is the plain-file version, written atomically.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { decodeSlotTree, encodeSlotTree, type SlotTreeFileError, type StoredSlotTree } from './slot-tree-file';
import { slotRootBytes } from './slot-tree';

/** Persists one slot's tree file. write() must replace the file atomically (all or nothing). */
export interface SlotTreeStorage {
  write(bytes: Uint8Array): Promise<void>;
  /** The file's bytes, or undefined when there is none. */
  read(): Promise<Uint8Array | undefined>;
  /** Deletes the file; no file is no error. */
  remove(): Promise<void>;
}

/** A slot tree file at `path`: written to a temporary file beside it, fsynced, then renamed over it. */
export function fileSlotTreeStorage(path: string): SlotTreeStorage {
  return {
    async write(bytes) {
      const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      // The rename itself survives a power cut only once the folder is synced.
      const folder = await open(dirname(path), 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    },
    async read() {
      try {
        return new Uint8Array(await readFile(path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async remove() {
      await rm(path, { force: true });
    },
  };
}

/** Writes a slot's tree and dataset roots to `storage`. */
export async function saveSlotTree(storage: SlotTreeStorage, stored: StoredSlotTree): Promise<void> {
  await storage.write(encodeSlotTree(stored));
}

/** Why no stored tree could be used. */
export type SlotTreeLoadError =
  SlotTreeFileError | { readonly kind: 'missing' | 'read-failed' | 'root-mismatch'; readonly message: string };

/** The stored tree, checked against `expectedRoot` (32 LE bytes) when given; a failure means: rebuild from the data. */
export async function loadSlotTree(
  storage: SlotTreeStorage,
  expectedRoot?: Uint8Array,
): Promise<{ ok: true; value: StoredSlotTree } | { ok: false; error: SlotTreeLoadError }> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await storage.read();
  } catch (error) {
    return {
      ok: false,
      error: {
        kind: 'read-failed',
        message: `the slot-tree file could not be read: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
  if (!bytes) return { ok: false, error: { kind: 'missing', message: 'no slot-tree file is stored for this slot' } };
  const tree = decodeSlotTree(bytes);
  if (!tree.ok) return tree;
  if (expectedRoot && !Buffer.from(slotRootBytes(tree.value.tree)).equals(expectedRoot))
    return {
      ok: false,
      error: { kind: 'root-mismatch', message: "the stored slot tree's root is not the slot's root" },
    };
  return tree;
}
