import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/storage/migrate';
import { migrations } from '../../../src-main/storage/migrations/index';

const dbs: Database.Database[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));
function memory() {
  const db = new Database(':memory:');
  dbs.push(db);
  return db;
}

describe('migrations', () => {
  it('numbers migrations from 1 in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('applies every migration once and records it', () => {
    const db = memory();
    expect(migrate(db)).toEqual(migrations.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
    expect(tables).toEqual(
      expect.arrayContaining([{ name: 'availabilities' }, { name: 'reservations' }, { name: 'repo_quota' }]),
    );
  });

  it('applies only the migrations a database has not seen', () => {
    const db = memory();
    migrate(db);
    const next = [
      ...migrations,
      { version: migrations.length + 1, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER)' },
    ];
    expect(migrate(db, next)).toEqual([migrations.length + 1]);
  });

  it('rolls back a failing migration and applies nothing of it', () => {
    const db = memory();
    migrate(db);
    const broken = [
      ...migrations,
      { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT nonsense(' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).get()).toBeUndefined();
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: migrations.length });
  });

  it('refuses a database written by a newer Slotkeeper', () => {
    const db = memory();
    migrate(db);
    db.prepare(`INSERT INTO schema_migrations VALUES (99, 'future', 'later')`).run();
    expect(() => migrate(db)).toThrow(/schema version 99, newer than this Slotkeeper knows/);
  });
});
