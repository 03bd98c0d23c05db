// Opening a data folder for an engine, in one call the hosts make before anything else: the folder
// is created private (or tightened), checked to be writable, locked for this process, and its
// databases checked (storage/integrity.ts) before anything opens them.
import { accessSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockDataFolder, type DataLock } from './folder-lock';
import { checkDataFolder, DataFolderDamagedError } from './integrity';
import { tightenDataFolder } from './private-files';

/** A data folder this process holds. */
export interface OpenDataFolder extends DataLock {
  /** Things the operator should hear about (a folder that was readable by others). */
  readonly warnings: readonly string[];
}

/** The first thing in the folder the engine must write and cannot (folder, sub-folder or book), with why. */
function unwritable(dataDir: string): string | undefined {
  const books = readdirSync(dataDir).filter((name) => /\.sqlite(-wal|-shm)?$|\.json$/.test(name));
  const paths = [
    dataDir,
    ...['logs', 'repo', join('repo', 'slots')].map((p) => join(dataDir, p)),
    ...books.map((n) => join(dataDir, n)),
  ];
  for (const path of paths.filter((p) => existsSync(p))) {
    try {
      // Also refused for an immutable file (chattr +i) or a read-only mount, even to root.
      accessSync(path, constants.W_OK);
    } catch (error) {
      return `${path}: ${(error as NodeJS.ErrnoException).code}`;
    }
  }
  return undefined;
}

/**
 * Creates `dataDir` private (or tightens it and the private files already in it), locks it, and
 * checks its databases. Throws DataFolderBusyError when another process holds it, and
 * DataFolderDamagedError (one line: what happened, how to recover) when it must not be used.
 */
export function openDataFolder(dataDir: string): OpenDataFolder {
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const blocked = unwritable(dataDir);
  if (blocked) {
    throw new DataFolderDamagedError(
      `The data folder ${dataDir} cannot be written (${blocked}); Slotkeeper keeps its books there. ` +
        'Make it writable for this account (its permissions, `lsattr`, a read-only mount) and start again; nothing was changed.',
    );
  }
  const warnings = tightenDataFolder(dataDir);
  const lock = lockDataFolder(dataDir);
  try {
    checkDataFolder(dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  return { warnings, release: () => lock.release() };
}
