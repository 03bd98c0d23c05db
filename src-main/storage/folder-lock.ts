// One engine per data folder: two processes selling from the same availabilities would reserve the
// same bytes twice. The lock is an exclusive SQLite lock (an fcntl lock underneath) on a small
// database held open for the process's lifetime, so the kernel releases it the instant the process
// dies — however it dies — and a pid that was reused, or a zombie, can never keep a folder locked.
// The holder's pid is written beside it only to name it in the refusal.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, writePrivateFile } from './private-files';

/** The lock database; never deleted (a process opening it while it was unlinked would lock a ghost). */
export const LOCK_FILE = 'slotkeeper-lock.sqlite';
/** The holder's pid, for the message a second process shows. */
export const PID_FILE = 'slotkeeper.pid';
/** The pid file earlier versions locked with; a leftover one means nothing and is removed. */
const OLD_LOCK_FILE = 'slotkeeper.lock';

// Held connections, kept reachable: a connection the garbage collector closed would drop its lock.
const held = new Set<Database.Database>();

/** A held data-folder lock. */
export interface DataLock {
  release(): void;
}

/** Another live process holds the folder. */
export class DataFolderBusyError extends Error {
  readonly code = 'data-folder-busy';
  constructor(dataDir: string, pid: number | undefined) {
    super(
      `Another Slotkeeper (process ${pid ?? 'unknown'}) is using the data folder ${dataDir}. Stop it first, or pass --data-dir to use another folder.`,
    );
  }
}

function holderPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, PID_FILE), 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the folder's lock at once; throws DataFolderBusyError when another process (or connection) has it. */
export function lockDataFolder(dataDir: string): DataLock {
  const path = join(dataDir, LOCK_FILE);
  createPrivateFile(path);
  const db = new Database(path, { timeout: 0 });
  try {
    // EXCLUSIVE locking mode keeps every lock a transaction takes until the connection closes.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL)');
    db.prepare('INSERT OR REPLACE INTO holder (id, pid) VALUES (1, ?)').run(process.pid);
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataFolderBusyError(dataDir, holderPid(dataDir));
    throw error;
  }
  writePrivateFile(join(dataDir, PID_FILE), `${process.pid}\n`);
  rmSync(join(dataDir, OLD_LOCK_FILE), { force: true });
  held.add(db);
  return {
    release: () => {
      if (!held.delete(db)) return;
      if (holderPid(dataDir) === process.pid) rmSync(join(dataDir, PID_FILE), { force: true });
      db.close();
    },
  };
}
