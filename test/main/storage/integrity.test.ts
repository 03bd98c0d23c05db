import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDataFolder, DataFolderDamagedError } from '../../../src-main/storage/integrity';
import { openStorage } from '../../../src-main/storage/open-storage';
import { tempDataDir } from '../../fakes/test-db';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A data folder that has been used: a sales database with an availability. */
function usedFolder(): string {
  const temp = tempDataDir();
  cleanups.push(temp.remove);
  const storage = openStorage({ dataDir: temp.dir, quotaMaxBytes: 10_000_000n });
  storage.store.createAvailability({
    totalSize: 1_000_000n,
    duration: 60n,
    minPricePerBytePerSecond: 1n,
    totalCollateral: 1n,
  });
  storage.close();
  return temp.dir;
}

/** Overwrites database page `page` (1-based, 4 KiB pages) with random bytes, as `dd` would. */
function scribble(file: string, page: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, randomBytes(4096), 0, 4096, (page - 1) * 4096);
  closeSync(fd);
}

function refusal(dataDir: string): string {
  try {
    checkDataFolder(dataDir);
  } catch (error) {
    expect(error).toBeInstanceOf(DataFolderDamagedError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the folder was accepted');
}

describe('data folder integrity at start', () => {
  it('accepts a fresh folder and a healthy used one', () => {
    const temp = tempDataDir();
    cleanups.push(temp.remove);
    checkDataFolder(temp.dir);
    checkDataFolder(usedFolder());
  });

  it('refuses a database with random bytes in page 2, saying how to recover', () => {
    const dataDir = usedFolder();
    scribble(join(dataDir, 'sales.sqlite'), 2);
    expect(refusal(dataDir)).toMatch(
      new RegExp(
        `^The database ${join(dataDir, 'sales.sqlite')} is damaged \\(.+\\); Slotkeeper will not run on it\\. To recover, restore your latest backup with: npm run headless -- --data-dir .+ --restore FILE`,
      ),
    );
  });

  it('refuses a database file that is not a database at all', () => {
    const dataDir = usedFolder();
    writeFileSync(
      join(dataDir, 'market.sqlite'),
      'this is not SQLite, it is long enough to have a header of sorts: '.repeat(10),
    );
    expect(refusal(dataDir)).toContain('market.sqlite is damaged (file is not a database)');
  });

  it('refuses rows whose foreign keys point nowhere', () => {
    const dataDir = usedFolder();
    const db = new Database(join(dataDir, 'sales.sqlite'));
    db.pragma('foreign_keys = OFF');
    db.prepare(
      `INSERT INTO reservations (id, availability_id, size, written_size, collateral, request_id, slot_index, valid_until)
       VALUES (?, ?, '1', '0', '0', ?, '0', 0)`,
    ).run(`0x${'1'.repeat(64)}`, `0x${'2'.repeat(64)}`, `0x${'3'.repeat(64)}`);
    db.close();
    expect(refusal(dataDir)).toContain(
      'foreign_key_check: 1 rows of reservations point at missing rows of availabilities',
    );
  });

  it.each([
    ['missing', (file: string) => void file],
    ['empty', (file: string) => writeFileSync(file, '')],
  ])('refuses a %s sales database while slot data is still in the repo', (state, make) => {
    const temp = tempDataDir();
    cleanups.push(temp.remove);
    mkdirSync(join(temp.dir, 'repo', 'slots', `0x${'a'.repeat(64)}`), { recursive: true });
    make(join(temp.dir, 'sales.sqlite'));
    expect(refusal(temp.dir)).toMatch(
      new RegExp(
        `^The sales database .+sales\\.sqlite is ${state}, but this folder still holds data of 1 slot in repo/: .+Nothing was changed\\. To recover, restore`,
      ),
    );
  });

  it('refuses a missing sales database when the market’s chain says one existed', () => {
    const temp = tempDataDir();
    cleanups.push(temp.remove);
    const market = new Database(join(temp.dir, 'market.sqlite'));
    market.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)');
    market.close();
    expect(refusal(temp.dir)).toContain("is missing, but this folder still holds the market's chain (market.sqlite)");
  });
});
