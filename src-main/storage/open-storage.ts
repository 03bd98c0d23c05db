// Opens everything the sales engine keeps on disk under one data folder: the sales database
// (sales.sqlite) and the repo folder (repo/) with its slot data and quota.
import { join } from 'node:path';
import type { Logger, Repo, RepoQuota, SaleHistoryStore, SalesStore } from '../engine/index';
import { SqliteAlertStore } from './alert-store';
import { openDatabase } from './db';
import { ensurePrivateFolder } from './private-files';
import { FileRepo } from './file-repo';
import { SqliteSaleHistory } from './sale-history-store';
import { SqliteSalesStore } from './sales-store';

/** Codex's default repo quota: 20 GiB. */
export const DEFAULT_QUOTA_BYTES = 20n * 1024n ** 3n;

/** Where and how big. */
export interface StorageOptions {
  readonly dataDir: string;
  /** The repo quota in bytes (default 20 GiB). */
  readonly quotaMaxBytes?: bigint;
  /** Where the alert store logs alerts it could not write. */
  readonly logger?: Logger;
  /** The clock alerts are timed by, unix seconds (default: the wall clock). */
  readonly alertClock?: () => number;
}

/** The opened storage: the two ports and a way to close them. */
export interface Storage {
  readonly store: SalesStore;
  readonly repo: Repo & { refreshUsage(): void; quota(): RepoQuota };
  /** Every sale's facts, timeline and outcomes (same database). */
  readonly history: SaleHistoryStore;
  /** Alerts raised by the engine and the host checks (same database). */
  readonly alerts: SqliteAlertStore;
  /** Where slot data lives: the folder `used` measures. */
  readonly repoDir: string;
  close(): void;
}

/** Opens (creating and migrating if needed) the storage in `dataDir`. */
export function openStorage(options: StorageOptions): Storage {
  ensurePrivateFolder(options.dataDir);
  const db = openDatabase(join(options.dataDir, 'sales.sqlite'));
  try {
    const repoDir = join(options.dataDir, 'repo');
    const max = options.quotaMaxBytes ?? DEFAULT_QUOTA_BYTES;
    const repo = new FileRepo(repoDir, db, max);
    const store = new SqliteSalesStore(db, { max, used: () => repo.usedBytes() });
    const history = new SqliteSaleHistory(db);
    const alerts = new SqliteAlertStore(db, {
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.alertClock ? { now: options.alertClock } : {}),
    });
    return { store, repo, history, alerts, repoDir, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}
