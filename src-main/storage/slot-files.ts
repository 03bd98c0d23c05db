// Files kept beside a slot's data (its proof tree): names the repo accepts, and the atomic write a
// crash cannot tear (temporary file, fsync, rename, then the folder synced so the rename survives a
// power cut too). A temporary file a crash left behind is counted like any file, removed with its
// slot, and swept when the repo opens.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '../engine/index';

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
