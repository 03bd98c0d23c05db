// Opening a data folder for an engine, in one call the hosts make before anything else: the folder
// is created private (or tightened), locked for this process, and checked before it is used.
import { lockDataFolder, type DataLock } from './folder-lock';
import { ensurePrivateFolder } from './private-files';

/** A data folder this process holds. */
export interface OpenDataFolder extends DataLock {
  /** Things the operator should hear about (a folder that was readable by others). */
  readonly warnings: readonly string[];
}

/** Creates or tightens `dataDir`, then locks it; throws DataFolderBusyError when another process holds it. */
export function openDataFolder(dataDir: string): OpenDataFolder {
  const warning = ensurePrivateFolder(dataDir);
  const lock = lockDataFolder(dataDir);
  return { warnings: warning ? [warning] : [], release: () => lock.release() };
}
