// Backups as the api serves them: written into the data folder's backups/ under a name made from
// the time, so the dashboard's "Back up" never needs a path from the operator.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupDto } from '../api/contract';
import type { BackupSource } from '../api/sources';
import { createBackup } from '../storage/backup';
import { ensurePrivateFolder } from '../storage/private-files';

/** Where the headless host serves the backups it made (with the token, like every api route). */
export const BACKUP_DOWNLOAD_PREFIX = '/api/backups';

/** Names of backups made through the api; the download route serves nothing else. */
export const BACKUP_NAME = /^slotkeeper-backup-[0-9TZ-]+-[0-9a-f]{6}\.tar$/;

/** The folder backups made through the api go to. */
export const backupsDir = (dataDir: string) => join(dataDir, 'backups');

/** Backs up `dataDir` into its backups/ folder; `downloadPrefix` is where the host serves them, if it does. */
export function folderBackups(dataDir: string, downloadPrefix?: string): BackupSource {
  return {
    async create(): Promise<BackupDto> {
      const dir = backupsDir(dataDir);
      ensurePrivateFolder(dir);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const name = `slotkeeper-backup-${stamp}-${randomBytes(3).toString('hex')}.tar`;
      const path = join(dir, name);
      const manifest = await createBackup(dataDir, path);
      return {
        name,
        path,
        bytes: String(statSync(path).size),
        createdAt: manifest.createdAt,
        files: manifest.files.map((f) => ({ name: f.name, bytes: String(f.size), sha256: f.sha256 })),
        ...(downloadPrefix && { downloadPath: `${downloadPrefix}/${name}` }),
      };
    },
  };
}
