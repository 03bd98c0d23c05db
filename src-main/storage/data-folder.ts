// Opening a data folder for an engine, in one call the hosts make before anything else: the folder
// is created private (or tightened), locked for this process, and its databases checked
// (storage/integrity.ts) before anything opens them.
import { lockDataFolder, type DataLock } from './folder-lock';
import { checkDataFolder } from './integrity';
import { tightenDataFolder } from './private-files';

/** A data folder this process holds. */
export interface OpenDataFolder extends DataLock {
  /** Things the operator should hear about (a folder that was readable by others). */
  readonly warnings: readonly string[];
}

/**
 * Creates `dataDir` private (or tightens it and the private files already in it), locks it, and
 * checks its databases. Throws DataFolderBusyError when another process holds it, and
 * DataFolderDamagedError (one line: what happened, how to recover) when it must not be used.
 */
export function openDataFolder(dataDir: string): OpenDataFolder {
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
