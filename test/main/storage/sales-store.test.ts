import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleAvailability, exampleReservation } from '../../fakes/availabilities';
import { openTestStorage, tempDataDir, type TestStorage } from '../../fakes/test-db';
import { runWorker } from './workers/spawn';

const open: TestStorage[] = [];
afterEach(() => open.splice(0).forEach((s) => s.dispose()));
function storage(dataDir?: string): TestStorage {
  const s = openTestStorage(dataDir === undefined ? {} : { dataDir });
  open.push(s);
  return s;
}

describe('SQLite sales store', () => {
  it('deletes an availability that holds no slot and gives its bytes back to the quota', () => {
    const s = storage();
    const a = s.store.createAvailability(exampleAvailability()).after;
    expect(s.repo.quota().reserved).toBe(a.totalSize);
    expect(s.store.deleteAvailability(a.id)).toEqual(a);
    expect(s.store.listAvailabilities()).toEqual([]);
    expect(s.repo.quota().reserved).toBe(0n);
  });

  it('refuses to delete an availability while it holds a slot, and changes nothing', () => {
    const s = storage();
    const a = s.store.createAvailability(exampleAvailability()).after;
    s.store.createReservation(exampleReservation(a));
    const reserved = s.repo.quota().reserved;
    expect(() => s.store.deleteAvailability(a.id)).toThrow(/still holds 1 slot;/);
    expect(s.store.listAvailabilities()).toHaveLength(1);
    expect(s.repo.quota().reserved).toBe(reserved);
    expect(() => s.store.deleteAvailability('0x' + '0'.repeat(64))).toThrow('Availability not found');
  });

  it('stores amounts as decimal text, exactly, whatever their size', () => {
    const s = storage();
    const huge = 2n ** 255n - 19n;
    const a = s.store.createAvailability(exampleAvailability({ totalCollateral: huge })).after;
    const raw = new Database(join(s.dataDir, 'sales.sqlite'), { readonly: true });
    const row = raw.prepare('SELECT total_collateral, total_size FROM availabilities WHERE id = ?').get(a.id);
    raw.close();
    expect(row).toEqual({ total_collateral: huge.toString(), total_size: '100000' });
  });

  it('keeps everything across a close and reopen', () => {
    const temp = tempDataDir();
    const first = openTestStorage({ dataDir: temp.dir });
    const a = first.store.createAvailability(exampleAvailability()).after;
    const r = first.store.createReservation(exampleReservation(a)).reservation;
    first.store.release(r.id, a.id, 10n);
    const reserved = first.repo.quota().reserved;
    first.dispose();
    const second = openTestStorage({ dataDir: temp.dir });
    try {
      expect(second.store.listAvailabilities()).toEqual([second.store.getAvailability(a.id)]);
      expect(second.store.getReservation(r.id)).toMatchObject({ size: r.size - 10n, writtenSize: 10n });
      expect(second.repo.quota().reserved).toBe(reserved);
    } finally {
      second.dispose();
      temp.remove();
    }
  });

  it('records the blocks a release stores with its bytes, across a reopen, and none when it fails', () => {
    const temp = tempDataDir();
    const first = openTestStorage({ dataDir: temp.dir });
    const a = first.store.createAvailability(exampleAvailability()).after;
    const r = first.store.createReservation(exampleReservation(a)).reservation;
    expect(first.store.storedBlocks(r.id)).toEqual([]);
    first.store.release(r.id, a.id, 10n, [9, 0]);
    first.store.release(r.id, a.id, 10n, [17]);
    expect(() => first.store.release(r.id, a.id, r.size, [3])).toThrow();
    first.dispose();
    const second = openTestStorage({ dataDir: temp.dir });
    try {
      expect(second.store.storedBlocks(r.id)).toEqual([0, 9, 17]);
      expect(second.store.getReservation(r.id)).toMatchObject({ writtenSize: 20n });
    } finally {
      second.dispose();
      temp.remove();
    }
  });

  it('rolls the reservation row back when the availability update in the same transaction fails', () => {
    const s = storage();
    const a = s.store.createAvailability(exampleAvailability()).after;
    const raw = new Database(join(s.dataDir, 'sales.sqlite'));
    raw.exec(`CREATE TRIGGER fail_update BEFORE UPDATE ON availabilities
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    raw.close();
    expect(() => s.store.createReservation(exampleReservation(a))).toThrow('injected failure');
    expect(s.store.listReservations()).toEqual([]);
    expect(s.store.getAvailability(a.id)).toEqual(a);
  });

  it('creates no availability when reserving its quota fails in the same transaction', () => {
    const s = storage();
    const raw = new Database(join(s.dataDir, 'sales.sqlite'));
    raw.exec(`CREATE TRIGGER fail_quota BEFORE UPDATE ON repo_quota
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    raw.close();
    expect(() => s.store.createAvailability(exampleAvailability())).toThrow('injected failure');
    expect(s.store.listAvailabilities()).toEqual([]);
    expect(s.repo.quota().reserved).toBe(0n);
  });

  it('sees a reservation made through another connection before deciding', () => {
    const first = storage();
    const second = storage(first.dataDir);
    const a = first.store.createAvailability(exampleAvailability({ totalSize: 1_000n })).after;
    first.store.createReservation(exampleReservation(a, { size: 999n }));
    expect(() => second.store.createReservation(exampleReservation(a, { size: 1_000n }))).toThrow('has 1 bytes free');
    expect(second.store.createReservation(exampleReservation(a, { size: 1n })).reservation.size).toBe(1n);
  });

  it('never overbooks an availability when two processes reserve in it at once', async () => {
    const s = storage();
    const slots = 60;
    const a = s.store.createAvailability(exampleAvailability({ totalSize: BigInt(slots) * 100n })).after;
    const results = await Promise.all(
      [1, 2].map(() => runWorker('reserve-worker', [s.dataDir, a.id, String(slots), '100'])),
    );
    const summaries = results.map((out) => JSON.parse(out) as { reserved: number; failures: Record<string, number> });
    expect(summaries.reduce((sum, x) => sum + x.reserved, 0)).toBe(slots);
    for (const { failures } of summaries)
      expect(Object.keys(failures).every((code) => code === 'bytes-out-of-bounds')).toBe(true);
    expect(s.store.getAvailability(a.id).freeSize).toBe(0n);
    expect(s.store.listReservations(a.id)).toHaveLength(slots);
  }, 60_000);
});
