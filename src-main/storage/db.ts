// Opens the sales database: WAL so readers never block the writer and a killed process loses no
// committed transaction, foreign keys on, and a busy timeout so a second connection (another
// process, a test) waits for the lock instead of failing at once.
import Database from 'better-sqlite3';
import { migrate } from './migrate';
import { createPrivateFile } from './private-files';

/** The better-sqlite3 connection; stays inside storage/. */
export type Db = Database.Database;

/** Opens (creating if needed) and migrates the database at `file`. */
export function openDatabase(file: string): Db {
  // Created 0600 before SQLite opens it: its -wal and -shm files then get the same mode.
  if (file !== ':memory:') createPrivateFile(file);
  const db = new Database(file, { timeout: 5_000 });
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL is the setting SQLite recommends with WAL: a crash of the process never loses a
    // committed transaction; a power cut may roll back the last few, but never half of one.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Wraps `work` in a write transaction taken at its start (BEGIN IMMEDIATE), so two connections
 * never both read a row and then race to update it.
 */
export function writeTransaction<A extends unknown[], R>(db: Db, work: (...args: A) => R): (...args: A) => R {
  const transaction = db.transaction(work);
  return (...args) => transaction.immediate(...args);
}
