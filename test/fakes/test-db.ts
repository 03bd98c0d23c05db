import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAlertStore } from '../../src-main/storage/alert-store';
import { openDatabase } from '../../src-main/storage/db';
import { openStorage, type Storage } from '../../src-main/storage/open-storage';
import { Reservations } from '../../src-main/engine/reservations/reservations';

/** A fresh temporary data folder; remove() deletes it. */
export function tempDataDir(prefix = 'slotkeeper-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Real storage (a WAL SQLite file and a repo folder) in a temporary folder, with the engine's Reservations over it. */
export function openTestStorage(options: { quotaMaxBytes?: bigint; dataDir?: string } = {}) {
  const temp = options.dataDir === undefined ? tempDataDir() : undefined;
  const dataDir = options.dataDir ?? temp!.dir;
  const storage: Storage = openStorage({ dataDir, quotaMaxBytes: options.quotaMaxBytes });
  const reservations = new Reservations(storage.store, storage.repo);
  return {
    ...storage,
    dataDir,
    reservations,
    /** Closes the database and deletes the folder (when this helper made it). */
    dispose(): void {
      storage.close();
      temp?.remove();
    },
  };
}

/** What openTestStorage returns. */
export type TestStorage = ReturnType<typeof openTestStorage>;

/** A real alert store on a WAL database file in a temporary folder, with a clock the test sets. */
export function openTestAlertStore(start = 1_790_000_000) {
  const temp = tempDataDir('slotkeeper-alerts-');
  const db = openDatabase(join(temp.dir, 'sales.sqlite'));
  const clock = { now: start };
  const store = new SqliteAlertStore(db, { now: () => clock.now });
  return {
    store,
    clock,
    dispose(): void {
      db.close();
      temp.remove();
    },
  };
}
