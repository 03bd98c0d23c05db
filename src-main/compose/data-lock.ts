// One engine per data folder: two processes selling from the same availabilities would reserve the
// same bytes twice. The lock file holds the owner's pid; a lock left by a killed process is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A held data-folder lock. */
export interface DataLock {
  release(): void;
}

/** Another live process holds the folder. */
export class DataFolderBusyError extends Error {
  readonly code = 'data-folder-busy';
  constructor(dataDir: string, pid: number) {
    super(
      `Another Slotkeeper (process ${pid}) is using the data folder ${dataDir}. Stop it first, or pass --data-dir to use another folder.`,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock, replacing a stale one; throws DataFolderBusyError when a live process has it. */
export function lockDataFolder(dataDir: string): DataLock {
  const path = join(dataDir, 'slotkeeper.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        release: () => {
          try {
            if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
      if (Number.isSafeInteger(owner) && owner !== process.pid && isAlive(owner))
        throw new DataFolderBusyError(dataDir, owner);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${path}; remove it if no Slotkeeper is running.`);
}
