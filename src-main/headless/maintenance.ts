// `--backup FILE` and `--restore FILE`: one job on the data folder, then exit. Each prints one
// line saying what it did, or throws with what went wrong.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createBackup } from '../storage/backup';
import { restoreBackup } from '../storage/restore';

/** Writes a backup of `dataDir` to `file`; returns the line to print. */
export async function runBackup(dataDir: string, file: string): Promise<string> {
  if (!existsSync(dataDir)) throw new Error(`There is no data folder at ${dataDir}: nothing to back up.`);
  const target = resolve(file);
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file name for the backup.`);
  const manifest = await createBackup(dataDir, target);
  const bytes = manifest.files.reduce((sum, f) => sum + f.size, 0);
  return `Backed up ${manifest.files.map((f) => f.name).join(', ')} (${bytes} bytes) from ${dataDir} to ${target}.`;
}

/** Restores the backup `file` into `dataDir`; returns the line to print. */
export async function runRestore(dataDir: string, file: string): Promise<string> {
  const source = resolve(file);
  if (!existsSync(source)) throw new Error(`There is no backup at ${source}.`);
  const result = await restoreBackup(dataDir, source);
  const aside = result.setAside ? `; the files it replaced are in ${result.setAside}` : '';
  return `Restored ${result.manifest.files.map((f) => f.name).join(', ')} from the backup of ${result.manifest.createdAt} into ${dataDir}${aside}.`;
}
