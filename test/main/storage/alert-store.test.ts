import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertInput, Logger } from '../../../src-main/engine/index';
import { SqliteAlertStore, type AlertChange } from '../../../src-main/storage/alert-store';
import { openDatabase, type Db } from '../../../src-main/storage/db';
import { tempDataDir } from '../../fakes/test-db';

const temps: { remove(): void }[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const t of temps.splice(0)) t.remove();
});

/** A store on a real WAL database file, with a clock the test moves. */
function open(dir?: string, keepClosed?: number) {
  let folder = dir;
  if (folder === undefined) {
    const temp = tempDataDir('slotkeeper-alerts-');
    temps.push(temp);
    folder = temp.dir;
  }
  const db = openDatabase(join(folder, 'sales.sqlite'));
  dbs.push(db);
  const clock = { now: 1_000 };
  const errors: { message: string; context?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, context) => errors.push({ message, context }),
  };
  const store = new SqliteAlertStore(db, { now: () => clock.now, logger, ...(keepClosed ? { keepClosed } : {}) });
  const changes: AlertChange[] = [];
  store.onChange((change) => changes.push(change));
  return { db, store, clock, errors, changes, dir: folder };
}

const disk: AlertInput = {
  key: 'disk-below-quota',
  category: 'disk',
  severity: 'warning',
  message: 'The quota is larger than the disk.',
  data: { diskFreeBytes: '100' },
};

const errored = (n: number): AlertInput => ({
  key: `sale-errored:kind-${n}`,
  category: 'sales',
  severity: 'error',
  message: `Sale ${n} errored`,
  data: { slotId: `0x${n}` },
});

describe('the alert store', () => {
  it('keeps one row per key: a repeat counts, moves last seen and takes the newest message and severity', () => {
    const { store, clock } = open();
    store.raise(disk);
    clock.now = 1_060;
    store.raise({ ...disk, severity: 'error', message: 'Worse now.', data: { diskFreeBytes: '10' } });
    expect(store.list()).toEqual([
      {
        id: 1,
        key: 'disk-below-quota',
        category: 'disk',
        severity: 'error',
        message: 'Worse now.',
        data: { diskFreeBytes: '10' },
        firstSeen: 1_000,
        lastSeen: 1_060,
        openedAt: 1_000,
        count: 2,
      },
    ]);
  });

  it('keeps a resolved alert listed as cleared, and reopens it when the condition comes back', () => {
    const { store, clock } = open();
    store.raise(disk);
    clock.now = 1_100;
    store.resolve('disk-below-quota');
    expect(store.list()).toMatchObject([{ key: 'disk-below-quota', resolvedAt: 1_100, count: 1 }]);
    expect(store.list({ states: ['active'] })).toEqual([]);
    clock.now = 1_200;
    store.raise(disk);
    const [again] = store.list();
    expect(again).toMatchObject({ count: 2, firstSeen: 1_000, lastSeen: 1_200, openedAt: 1_200 });
    expect(again!.resolvedAt).toBeUndefined();
  });

  it('takes a dismissed alert out of the list until it is raised again', () => {
    const { store, clock } = open();
    store.raise(disk);
    store.raise(errored(1));
    const id = store.get({ key: 'disk-below-quota' })!.id;
    clock.now = 1_010;
    expect(store.dismiss({ id })).toMatchObject({ id, dismissedAt: 1_010 });
    expect(store.list().map((a) => a.key)).toEqual(['sale-errored:kind-1']);
    expect(store.list({ states: ['dismissed'] }).map((a) => a.key)).toEqual(['disk-below-quota']);
    clock.now = 1_020;
    store.raise(disk);
    expect(store.list().map((a) => a.key)).toEqual(['disk-below-quota', 'sale-errored:kind-1']);
    expect(store.get({ id })).toMatchObject({ count: 2, openedAt: 1_020 });
    expect(store.get({ id })!.dismissedAt).toBeUndefined();
  });

  it('dismisses by key, answers again for an alert dismissed already, and knows no unknown alert', () => {
    const { store } = open();
    store.raise(disk);
    expect(store.dismiss({ key: 'disk-below-quota' })?.dismissedAt).toBe(1_000);
    expect(store.dismiss({ key: 'disk-below-quota' })?.dismissedAt).toBe(1_000);
    expect(store.dismiss({ key: 'no-such-alert' })).toBeUndefined();
    expect(store.dismiss({ id: 999 })).toBeUndefined();
  });

  it('dismisses all, or all of a severity or category, and says how many', () => {
    const { store } = open();
    store.raise(disk);
    store.raise(errored(1));
    store.raise(errored(2));
    expect(store.dismissAll({ severities: ['error'] })).toBe(2);
    expect(store.list().map((a) => a.key)).toEqual(['disk-below-quota']);
    expect(store.dismissAll({ categories: ['wallet'] })).toBe(0);
    expect(store.dismissAll()).toBe(1);
    expect(store.list()).toEqual([]);
    expect(store.list({ states: ['dismissed'] })).toHaveLength(3);
  });

  it('lists the most recently seen first, filtered by severity, category and state', () => {
    const { store, clock } = open();
    store.raise(errored(1));
    clock.now = 1_001;
    store.raise(disk);
    clock.now = 1_002;
    store.raise(errored(2));
    clock.now = 1_003;
    store.raise(errored(1));
    expect(store.list().map((a) => a.key)).toEqual(['sale-errored:kind-1', 'sale-errored:kind-2', 'disk-below-quota']);
    expect(store.list({ severities: ['warning'] }).map((a) => a.key)).toEqual(['disk-below-quota']);
    expect(store.list({ categories: ['sales'], severities: ['error', 'critical'] })).toHaveLength(2);
    expect(store.list({}, 1)).toHaveLength(1);
  });

  it('counts as needing attention only active, undismissed errors and criticals', () => {
    const { store } = open();
    store.raise(disk);
    store.raise(errored(1));
    store.raise({ ...errored(2), severity: 'critical' });
    store.raise(errored(3));
    expect(store.attention()).toBe(3);
    store.resolve('sale-errored:kind-3');
    store.dismiss({ key: 'sale-errored:kind-2' });
    expect(store.attention()).toBe(1);
  });

  it('survives a restart: rows, counts and what is still unresolved', () => {
    const first = open();
    first.store.raise(disk);
    first.store.raise(disk);
    first.store.raise(errored(1));
    first.db.close();
    const second = open(first.dir);
    // Seen in the same second: the later row first.
    expect(second.store.list().map((a) => [a.key, a.count])).toEqual([
      ['sale-errored:kind-1', 1],
      ['disk-below-quota', 2],
    ]);
    expect(second.store.unresolved()).toEqual(
      expect.arrayContaining([
        { key: 'disk-below-quota', severity: 'warning' },
        { key: 'sale-errored:kind-1', severity: 'error' },
      ]),
    );
    second.clock.now = 2_000;
    second.store.resolve('disk-below-quota');
    expect(second.store.get({ key: 'disk-below-quota' })?.resolvedAt).toBe(2_000);
  });

  it('keeps only the newest closed alerts, never dropping an active one, and says which went', () => {
    const { store, clock, changes } = open(undefined, 3);
    for (let n = 1; n <= 6; n++) {
      clock.now = 1_000 + n;
      store.raise(errored(n));
    }
    for (let n = 1; n <= 5; n++) store.resolve(`sale-errored:kind-${n}`);
    const all = store.list({ states: ['active', 'resolved', 'dismissed'] });
    expect(all.map((a) => a.key)).toEqual([
      'sale-errored:kind-6',
      'sale-errored:kind-5',
      'sale-errored:kind-4',
      'sale-errored:kind-3',
    ]);
    const removed = changes.flatMap((c) => ('removed' in c ? [c.removed] : []));
    expect(removed).toEqual([1, 2]);
  });

  it('tells listeners about every raise, resolve and dismiss, and nothing for a key never raised', () => {
    const { store, changes } = open();
    store.resolve('never-raised');
    expect(changes).toEqual([]);
    store.raise(disk);
    store.resolve('disk-below-quota');
    store.resolve('disk-below-quota');
    store.dismissAll();
    expect(changes.map((c) => ('alert' in c ? [c.alert.count, c.alert.resolvedAt, c.alert.dismissedAt] : c))).toEqual([
      [1, undefined, undefined],
      [1, 1_000, undefined],
      [1, 1_000, 1_000],
    ]);
  });

  it('never throws into the engine: a bad alert or a failed write is logged and nothing is kept', () => {
    const { store, db, errors } = open();
    store.raise({ ...disk, category: 'nonsense' as 'disk' });
    store.raise({ ...disk, data: { big: 1n as unknown as string } });
    store.raise({ ...disk, key: '' });
    expect(store.list()).toEqual([]);
    expect(errors.map((e) => e.context?.problem)).toEqual([
      'unknown category nonsense',
      'data.big is a bigint, not a string, finite number or boolean',
      'its key is empty',
    ]);
    db.close();
    expect(() => store.raise(disk)).not.toThrow();
    expect(errors.at(-1)).toMatchObject({
      message: 'could not raise an alert',
      context: { key: 'disk-below-quota', message: disk.message },
    });
  });

  it('keeps a resolve that failed to write pending, so a later resolve still clears it', () => {
    const first = open();
    first.store.raise(disk);
    first.db.exec('CREATE TRIGGER refuse BEFORE UPDATE ON alerts BEGIN SELECT RAISE(ABORT, "disk full"); END');
    first.store.resolve('disk-below-quota');
    expect(first.errors.at(-1)).toMatchObject({ message: 'could not resolve an alert' });
    first.db.exec('DROP TRIGGER refuse');
    first.store.resolve('disk-below-quota');
    expect(first.store.get({ key: 'disk-below-quota' })?.resolvedAt).toBe(1_000);
  });

  it('cuts a very long message rather than refusing the alert', () => {
    const { store } = open();
    store.raise({ ...disk, message: 'x'.repeat(10_000) });
    expect(store.list()[0]!.message).toHaveLength(2000);
  });

  it('still lists and counts an alert whose write failed, from memory, until it is written, resolved or dismissed', () => {
    const { store, db, changes, clock } = open();
    db.exec('CREATE TRIGGER refuse BEFORE INSERT ON alerts BEGIN SELECT RAISE(ABORT, "disk I/O error"); END');
    const unwritable: AlertInput = {
      key: 'data-folder-unwritable',
      category: 'storage',
      severity: 'critical',
      message: 'Slotkeeper could not write the sales database.',
    };
    store.raise(unwritable);
    clock.now = 1_010;
    store.raise(unwritable);
    expect(store.list()).toMatchObject([
      { id: -1, key: 'data-folder-unwritable', count: 2, firstSeen: 1_000, lastSeen: 1_010, data: { unsaved: true } },
    ]);
    expect(store.attention()).toBe(1);
    expect(store.isUnsaved('data-folder-unwritable')).toBe(true);
    expect(changes.filter((c) => 'alert' in c)).toHaveLength(2);

    db.exec('DROP TRIGGER refuse');
    store.raise(unwritable);
    expect(store.isUnsaved('data-folder-unwritable')).toBe(false);
    expect(store.list()).toMatchObject([{ id: 1, count: 1, data: {} }]);
    expect(changes.at(-2)).toEqual({ removed: -1 });
  });

  it('drops an alert kept in memory when it is resolved or dismissed', () => {
    const { store, db, changes } = open();
    db.exec('CREATE TRIGGER refuse BEFORE INSERT ON alerts BEGIN SELECT RAISE(ABORT, "disk full"); END');
    store.raise(disk);
    store.raise(errored(1));
    store.raise(errored(2));
    store.resolve('disk-below-quota');
    expect(store.dismiss({ id: -2 })).toMatchObject({ key: 'sale-errored:kind-1', dismissedAt: 1_000 });
    expect(store.list().map((a) => a.key)).toEqual(['sale-errored:kind-2']);
    expect(store.dismissAll()).toBe(1);
    expect(store.list()).toEqual([]);
    expect(store.attention()).toBe(0);
    expect(changes.filter((c) => 'removed' in c)).toEqual([{ removed: -1 }, { removed: -2 }, { removed: -3 }]);
  });
});
