// Checks a data folder before an engine runs on it. A damaged database is refused (a host that
// runs on one answers "malformed" at random and may write more damage), and so is a missing or
// empty sales database in a folder whose slot data or market chain says one existed: starting
// afresh would forget reservations of slots still held on chain, and the start-up cleanup would
// then delete their data. Each refusal is one line saying what happened and how to recover.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LOCK_FILE } from './folder-lock';

/** The sales database's file name in a data folder. */
export const SALES_DB = 'sales.sqlite';
/** The embedded market's chain, when the market is the simulator. */
export const MARKET_DB = 'market.sqlite';

/** The folder cannot be used as it is; the message says why and what to do. */
export class DataFolderDamagedError extends Error {
  readonly code = 'data-folder-damaged';
}

const recover = (dataDir: string) =>
  `restore your latest backup with: npm run headless -- --data-dir ${dataDir} --restore FILE (the current files are moved aside, never deleted)`;

/** Every database file of the folder (the lock's excepted: another process may hold it). */
export function databaseFiles(dataDir: string): string[] {
  return readdirSync(dataDir)
    .filter((name) => name.endsWith('.sqlite') && name !== LOCK_FILE)
    .sort();
}

/** What is wrong with one database file, or undefined when SQLite finds nothing. */
export function databaseProblem(file: string): string | undefined {
  if (statSync(file).size === 0) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 5_000 });
    const quick = db.pragma('quick_check(5)') as { quick_check: string }[];
    const problems = quick.map((row) => row.quick_check).filter((text) => text !== 'ok');
    if (problems.length > 0) return `quick_check: ${problems.join('; ')}`;
    const orphans = db.pragma('foreign_key_check') as { table: string; parent: string }[];
    if (orphans.length > 0) {
      const first = orphans[0]!;
      return `foreign_key_check: ${orphans.length} rows of ${first.table} point at missing rows of ${first.parent}`;
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    db?.close();
  }
}

function hasTables(file: string): boolean {
  if (!existsSync(file) || statSync(file).size === 0) return false;
  const db = new Database(file, { fileMustExist: true, readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n > 0;
  } finally {
    db.close();
  }
}

function slotFolders(dataDir: string): number {
  const slots = join(dataDir, 'repo', 'slots');
  return existsSync(slots) ? readdirSync(slots).filter((name) => /^0x[0-9a-f]{64}$/.test(name)).length : 0;
}

/** Throws DataFolderDamagedError when the folder must not be used; runs before anything opens it. */
export function checkDataFolder(dataDir: string): void {
  for (const name of databaseFiles(dataDir)) {
    const file = join(dataDir, name);
    const problem = databaseProblem(file);
    if (problem) {
      throw new DataFolderDamagedError(
        `The database ${file} is damaged (${problem}); Slotkeeper will not run on it. To recover, ${recover(dataDir)}.`,
      );
    }
  }
  const sales = join(dataDir, SALES_DB);
  if (hasTables(sales)) return;
  const evidence: string[] = [];
  const slots = slotFolders(dataDir);
  if (slots > 0) evidence.push(`data of ${slots} slot${slots === 1 ? '' : 's'} in repo/`);
  if (hasTables(join(dataDir, MARKET_DB))) evidence.push(`the market's chain (${MARKET_DB})`);
  if (evidence.length === 0) return;
  throw new DataFolderDamagedError(
    `The sales database ${sales} is ${existsSync(sales) ? 'empty' : 'missing'}, but this folder still holds ` +
      `${evidence.join(' and ')}: starting with a fresh one would forget slots that may still be yours on chain, ` +
      `and their data would be deleted. Nothing was changed. To recover, ${recover(dataDir)}; ` +
      `to start over instead, move this whole folder aside.`,
  );
}
