import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, writeTransaction, type Db } from '../../../src-main/storage/db';
import { migrations } from '../../../src-main/storage/migrations/index';
import { tempDataDir } from '../../fakes/test-db';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function open(): { db: Db; file: string } {
  const temp = tempDataDir();
  const file = join(temp.dir, 'sales.sqlite');
  const db = openDatabase(file);
  cleanups.push(() => {
    if (db.open) db.close();
    temp.remove();
  });
  return { db, file };
}

describe('opening the sales database', () => {
  it('uses WAL, foreign keys, NORMAL sync and a busy timeout', () => {
    const { db } = open();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('refuses a reservation of an availability that does not exist', () => {
    const { db } = open();
    const insert = () =>
      db
        .prepare(
          `INSERT INTO reservations (id, availability_id, size, written_size, collateral, request_id, slot_index, valid_until)
           VALUES (?, ?, '1', '0', '0', ?, '0', 0)`,
        )
        .run(`0x${'1'.repeat(64)}`, `0x${'2'.repeat(64)}`, `0x${'3'.repeat(64)}`);
    expect(insert).toThrow(/FOREIGN KEY/);
  });

  it('refuses an amount that is not a non-negative decimal integer', () => {
    const { db } = open();
    expect(() => db.prepare(`UPDATE repo_quota SET reserved = '-1'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE repo_quota SET reserved = '1e3'`).run()).toThrow(/CHECK/);
  });

  it('rolls a write transaction back entirely when it throws', () => {
    const { db } = open();
    const failing = writeTransaction(db, () => {
      db.prepare(`UPDATE repo_quota SET reserved = '5'`).run();
      throw new Error('half way');
    });
    expect(failing).toThrow('half way');
    expect(db.prepare('SELECT reserved FROM repo_quota').get()).toEqual({ reserved: '0' });
  });

  it('reopens an existing database without migrating it twice', () => {
    const { db, file } = open();
    db.close();
    const again = openDatabase(file);
    cleanups.push(() => again.close());
    expect(again.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(
      migrations.map(({ version, name }) => ({ version, name })),
    );
  });
});
