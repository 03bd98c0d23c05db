import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../src-main/storage/migrate';
import { migrations } from '../../../../src-main/storage/migrations/index';
import { testId } from '../../../fakes/ids';

const dbs: Database.Database[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

const paging = migrations.find((m) => m.name === 'history-paging')!;

function insert(db: Database.Database, slot: number, state: string, reason: string | null, startedAt: number): number {
  const info = db
    .prepare(
      `INSERT INTO sales (slot_id, request_id, slot_index, state, slot_size, duration, price_per_byte_per_second,
        collateral, downloaded_bytes, started_at, ended_at, ignored_reason, proofs_required, proofs_submitted,
        proofs_missed) VALUES (?, ?, '0', ?, '1', '1', '1', '1', '0', ?, ?, ?, 0, 0, 0)`,
    )
    .run(testId(slot), testId(900), state, startedAt, startedAt + 1, reason);
  db.prepare(`INSERT INTO sale_steps (sale_id, state, at) VALUES (?, ?, ?)`).run(
    info.lastInsertRowid,
    state,
    startedAt,
  );
  return Number(info.lastInsertRowid);
}

describe('migration history-paging', () => {
  it('folds runs of the same skip already stored into their newest row, and keeps every other sale', () => {
    const db = new Database(':memory:');
    dbs.push(db);
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      migrations.filter((m) => m.version < paging.version),
    );
    const a1 = insert(db, 1, 'SaleIgnored', 'price-too-low', 10);
    insert(db, 1, 'SaleIgnored', 'price-too-low', 20);
    const a3 = insert(db, 1, 'SaleIgnored', 'price-too-low', 30);
    const sold = insert(db, 1, 'SaleFinished', null, 40);
    const b = insert(db, 1, 'SaleIgnored', 'price-too-low', 50);
    const other = insert(db, 2, 'SaleIgnored', 'slot-too-big', 60);
    const otherReason = insert(db, 2, 'SaleIgnored', 'price-too-low', 70);
    migrate(db);
    const rows = db.prepare('SELECT id, ignored_times, ignored_since FROM sales ORDER BY id').all();
    expect(rows).toEqual([
      { id: a3, ignored_times: 3, ignored_since: 10 },
      { id: sold, ignored_times: 1, ignored_since: null },
      { id: b, ignored_times: 1, ignored_since: null },
      { id: other, ignored_times: 1, ignored_since: null },
      { id: otherReason, ignored_times: 1, ignored_since: null },
    ]);
    // The folded rows' timelines went with them.
    expect(db.prepare('SELECT count(*) AS n FROM sale_steps WHERE sale_id = ?').get(a1)).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM sale_steps').get()).toEqual({ n: 5 });
  });
});
