// Restoring a backup into a stopped host's data folder: the folder is locked for the whole
// restore (a running host holding it refuses it), the archive is unpacked and checked in full
// beside the folder's files first, and only then are the current files moved aside — into
// replaced-<time>/, never deleted — and the restored ones moved in.
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupArchiveError } from './backup-archive';
import { unpackBackup, KEY_FILE, type BackupManifest } from './backup';
import { lockDataFolder, LOCK_FILE } from './folder-lock';
import { ensurePrivateFolder } from './private-files';

/** What a restore did. */
export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the files the backup replaced were moved, when there were any. */
  setAside?: string;
}

/** The files a restore replaces: databases with their journals, wallet keystores and the node's key. */
function replaceable(dataDir: string): string[] {
  return readdirSync(dataDir).filter(
    (name) => (/\.sqlite(-wal|-shm|-journal)?$/.test(name) && !name.startsWith(LOCK_FILE)) || KEY_FILE.test(name),
  );
}

/** Restores the backup `file` into `dataDir`; throws (changing nothing) when it is invalid or the folder is in use. */
export async function restoreBackup(dataDir: string, file: string): Promise<RestoreResult> {
  ensurePrivateFolder(dataDir);
  const lock = lockDataFolder(dataDir);
  try {
    const staging = await mkdtemp(join(dataDir, '.restore-'));
    let manifest: BackupManifest;
    try {
      manifest = await unpackBackup(file, staging);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      if (error instanceof BackupArchiveError) {
        throw new BackupArchiveError(`${file} cannot be restored: ${error.message}. Nothing was changed.`);
      }
      throw error;
    }
    const current = replaceable(dataDir);
    let setAside: string | undefined;
    if (current.length > 0) {
      setAside = join(dataDir, `replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      mkdirSync(setAside, { mode: 0o700 });
      for (const name of current) renameSync(join(dataDir, name), join(setAside, name));
    }
    for (const { name } of manifest.files) renameSync(join(staging, name), join(dataDir, name));
    rmSync(staging, { recursive: true });
    return { manifest, setAside };
  } finally {
    lock.release();
  }
}
