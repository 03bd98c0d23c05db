// Reservations on a WAL file database: create + release + delete cycles through the SQLite
// SalesStore (each step one BEGIN IMMEDIATE transaction that reads, checks and writes), against
// raw better-sqlite3 statements writing the same rows in the same three transactions per cycle
// (also BEGIN IMMEDIATE) with nothing read or checked. Both run in the same process, interleaved,
// on fresh files with the same pragmas.
// Run: npx node --experimental-transform-types --no-warnings --import ./test/fakes/node-ts-hooks.mjs bench/reservations.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src-main/storage/db';
import { openStorage } from '../src-main/storage/open-storage';

const CYCLES = 3_000;
const ROUNDS = 5;
const SIZE = 1_000n;
const REQUEST = `0x${'ab'.repeat(32)}`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'slotkeeper-bench-'));
}

function viaStore(): number {
  const dir = tempDir();
  const storage = openStorage({ dataDir: dir, quotaMaxBytes: 10n ** 15n });
  try {
    const { store } = storage;
    const a = store.createAvailability({
      totalSize: 10n ** 12n,
      duration: 3_600n,
      minPricePerBytePerSecond: 1n,
      totalCollateral: 10n ** 15n,
    }).after;
    const start = performance.now();
    for (let i = 0; i < CYCLES; i++) {
      const { reservation } = store.createReservation({
        availabilityId: a.id,
        size: SIZE,
        requestId: REQUEST,
        slotIndex: BigInt(i),
        collateralPerByte: 1n,
        validUntil: 1_700_000_000,
      });
      store.release(reservation.id, a.id, SIZE);
      store.deleteReservation(reservation.id, a.id, SIZE);
    }
    return performance.now() - start;
  } finally {
    storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function viaRawStatements(): number {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'sales.sqlite'));
  try {
    const availabilityId = `0x${'cd'.repeat(32)}`;
    db.prepare(
      `INSERT INTO availabilities (id, total_size, free_size, duration, min_price_per_byte_per_second,
        total_collateral, total_remaining_collateral, enabled, until)
       VALUES (?, '1000000000000', '1000000000000', '3600', '1', '1000000000000000', '1000000000000000', 1, 0)`,
    ).run(availabilityId);
    const insertReservation = db.prepare(
      `INSERT INTO reservations (id, availability_id, size, written_size, collateral, request_id, slot_index, valid_until)
       VALUES (?, ?, ?, '0', ?, ?, ?, 1700000000)`,
    );
    const updateAvailability = db.prepare(
      'UPDATE availabilities SET free_size = ?, total_remaining_collateral = ? WHERE id = ?',
    );
    const updateReservation = db.prepare('UPDATE reservations SET size = ?, written_size = ? WHERE id = ?');
    const updateQuota = db.prepare('UPDATE repo_quota SET reserved = ? WHERE id = 1');
    const deleteReservation = db.prepare('DELETE FROM reservations WHERE id = ?');
    const create = db.transaction((id: string, i: number) => {
      insertReservation.run(id, availabilityId, '1000', '1000', REQUEST, String(i));
      updateAvailability.run('999999999000', '999999999999000', availabilityId);
    });
    const release = db.transaction((id: string) => {
      updateReservation.run('0', '1000', id);
      updateQuota.run('999999999000');
    });
    const remove = db.transaction((id: string) => {
      deleteReservation.run(id);
      updateAvailability.run('1000000000000', '1000000000000000', availabilityId);
      updateQuota.run('1000000000000');
    });
    const start = performance.now();
    for (let i = 0; i < CYCLES; i++) {
      const id = `0x${i.toString(16).padStart(64, '0')}`;
      create.immediate(id, i);
      release.immediate(id);
      remove.immediate(id);
    }
    return performance.now() - start;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(list: number[]): number {
  return [...list].sort((a, b) => a - b)[list.length >> 1]!;
}

function main(): void {
  viaStore();
  viaRawStatements();
  const store: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    store.push(viaStore());
    raw.push(viaRawStatements());
  }
  const storeRate = CYCLES / (median(store) / 1000);
  const rawRate = CYCLES / (median(raw) / 1000);
  console.log(
    [
      `reservations, ${CYCLES} create + release + delete cycles on a WAL file database (median of ${ROUNDS}):`,
      `  raw better-sqlite3 statements: ${median(raw).toFixed(1)} ms = ${Math.round(rawRate).toLocaleString('en')} cycles/s`,
      `  SqliteSalesStore:              ${median(store).toFixed(1)} ms = ${Math.round(storeRate).toLocaleString('en')} cycles/s`,
      `  ratio: the store runs at ${(storeRate / rawRate).toFixed(2)}x the raw rate (target >= 0.5x)`,
    ].join('\n'),
  );
}

main();
