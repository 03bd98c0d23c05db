// Files kept beside a slot's data (its proof tree): names the repo accepts, and the atomic write a
// crash cannot tear (temporary file, fsync, rename, then the folder synced so the rename survives a
// power cut too). A temporary file a crash left behind is counted like any file, removed with its
// slot, and swept when the repo opens. Appends (a slot's block proofs, one record per block) are not
// synced: an fsync per block would cost more than the block's own write, which is not synced either;
// a kill loses nothing written, a power cut at most the last appends, whose torn tail readers drop.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '../engine/index';
import { allocatedBytes } from './disk-usage';

/** The slot data's own file; no sidecar may take its name. */
export const DATA_FILE = 'data';

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const TEMPORARY = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** Refuses a name that is not a plain sidecar file name (it becomes a path under the slot's folder). */
export function checkSlotFileName(name: string): void {
  if (!NAME.test(name) || name === DATA_FILE)
    throw new InvalidArgumentError(
      `Not a slot file name (1–64 lowercase letters, digits and dashes, not "${DATA_FILE}"): ${name}`,
    );
}

/** Refuses a byte offset or length that is not a non-negative whole number. */
export function checkBytes(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidArgumentError(`${what} must be a non-negative whole number of bytes, got ${n}`);
}

/** Writes `bytes` to `dir/name` atomically. */
export async function writeFileAtomically(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, join(dir, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** Removes temporary files a crash left in a slot folder. */
export function sweepTemporaryFiles(dir: string): void {
  for (const name of readdirSync(dir)) if (TEMPORARY.test(name)) rmSync(join(dir, name), { force: true });
}

/** Writes all of `bytes` at `position` (a write may take fewer bytes than asked, on a nearly full disk). */
async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/**
 * Appends `bytes` to the open file `handle`, or writes them at `at` and cuts what followed. On
 * failure the file is cut back to where they were to go. Returns the bytes the file took on disk
 * before and after, as du counts them.
 */
export async function appendFileAt(
  handle: FileHandle,
  bytes: Uint8Array,
  at: number | undefined,
): Promise<{ before: bigint; after: bigint }> {
  const stats = await handle.stat({ bigint: true });
  const start = at ?? Number(stats.size);
  if (start > stats.size)
    throw new InvalidArgumentError(`Cannot write at byte ${start} of a file of ${stats.size} bytes`);
  try {
    await writeAll(handle, bytes, start);
    if (stats.size > start + bytes.length) await handle.truncate(start + bytes.length);
  } catch (error) {
    // Cutting needs no free space, so this normally succeeds; if it does not, the torn bytes stay
    // at the end, where readers drop them and the caller's next append at its own end replaces them.
    await handle.truncate(start).catch(() => undefined);
    throw error;
  }
  return { before: allocatedBytes(stats), after: allocatedBytes(await handle.stat({ bigint: true })) };
}
