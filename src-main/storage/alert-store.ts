// The Alerter port on SQLite: one row per condition key. A raise is one upsert (count + 1, last
// seen, the latest message, severity and data; back in the list if it had been resolved or
// dismissed); a resolve marks the row cleared and keeps it listed; the operator dismisses one or
// all. Closed rows (resolved or dismissed) are bounded, active ones never dropped. Raising and
// resolving never throw: a failed write is logged, and the alert is still listed from memory
// (unsaved-alerts.ts), since "the data folder cannot be written" is itself such an alert.
import {
  silentLogger,
  type ActiveCondition,
  type Alert,
  type Alerter,
  type AlertFilter,
  type AlertInput,
  type Logger,
} from '../engine/index';
import { fromRow, MAX_MESSAGE_LENGTH, problemWith, whereOf, type AlertRow } from './alert-rows';
import { writeTransaction, type Db } from './db';
import { UnsavedAlerts } from './unsaved-alerts';

/**
 * How many resolved or dismissed alerts are kept. Active alerts are bounded by the conditions
 * there are (a dozen host-wide keys, one per kind of sale error, one per slot that missed proofs);
 * closed ones would grow without end. 500 is a few months of a troubled host's history, more than
 * a screen of alerts shows, and a table SQLite scans in microseconds.
 */
export const KEEP_CLOSED_ALERTS = 500;

/** A change the dashboard must learn about: an alert raised, resolved or dismissed, or one pruned away. */
export type AlertChange = { readonly alert: Alert } | { readonly removed: number };

/** Which alert: by row id or by key. */
export type AlertRef = { readonly id: number } | { readonly key: string };

/** Options of the store. */
export interface AlertStoreOptions {
  /** Unix seconds (default: the wall clock). */
  readonly now?: () => number;
  readonly logger?: Logger;
  /** Closed alerts kept (default KEEP_CLOSED_ALERTS). */
  readonly keepClosed?: number;
}

const UPSERT = `
INSERT INTO alerts (key, category, severity, message, data, first_seen, last_seen, opened_at, count)
VALUES (@key, @category, @severity, @message, @data, @now, @now, @now, 1)
ON CONFLICT (key) DO UPDATE SET
  category = excluded.category,
  severity = excluded.severity,
  message = excluded.message,
  data = excluded.data,
  count = count + 1,
  last_seen = max(last_seen, @now),
  opened_at = CASE WHEN resolved_at IS NULL AND dismissed_at IS NULL THEN opened_at ELSE max(first_seen, @now) END,
  resolved_at = NULL,
  dismissed_at = NULL
RETURNING *`;

/** Alerts kept in the sales database. */
export class SqliteAlertStore implements Alerter {
  readonly #db: Db;
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #keepClosed: number;
  readonly #listeners = new Set<(change: AlertChange) => void>();
  /** Keys raised and not resolved: a resolve of any other key is answered without touching the database. */
  readonly #unresolved = new Set<string>();
  readonly #unsaved = new UnsavedAlerts();
  readonly #raise: (alert: AlertInput) => AlertRow;
  readonly #resolve: (key: string) => { row: AlertRow | undefined; pruned: number[] };
  readonly #dismiss: (where: string, params: unknown[]) => { rows: AlertRow[]; pruned: number[] };

  constructor(db: Db, options: AlertStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.#logger = options.logger ?? silentLogger;
    this.#keepClosed = options.keepClosed ?? KEEP_CLOSED_ALERTS;
    const upsert = db.prepare(UPSERT);
    const resolve = db.prepare(
      'UPDATE alerts SET resolved_at = @now WHERE key = @key AND resolved_at IS NULL RETURNING *',
    );
    const prune = db.prepare(`DELETE FROM alerts WHERE id IN (
      SELECT id FROM alerts WHERE resolved_at IS NOT NULL OR dismissed_at IS NOT NULL
      ORDER BY last_seen DESC, id DESC LIMIT -1 OFFSET ?) RETURNING id`);
    const pruned = () => (prune.all(this.#keepClosed) as { id: number }[]).map((r) => r.id);
    this.#raise = writeTransaction(db, (alert: AlertInput) => {
      const data = JSON.stringify(alert.data ?? {});
      const message = alert.message.slice(0, MAX_MESSAGE_LENGTH);
      return upsert.get({ ...alert, message, data, now: this.#now() }) as AlertRow;
    });
    this.#resolve = writeTransaction(db, (key: string) => {
      const row = resolve.get({ key, now: this.#now() }) as AlertRow | undefined;
      return { row, pruned: row ? pruned() : [] };
    });
    this.#dismiss = writeTransaction(db, (where: string, params: unknown[]) => {
      const rows = db
        .prepare(`UPDATE alerts SET dismissed_at = ? WHERE dismissed_at IS NULL AND ${where} RETURNING *`)
        .all(this.#now(), ...params) as AlertRow[];
      return { rows, pruned: rows.length > 0 ? pruned() : [] };
    });
    for (const row of db.prepare('SELECT key FROM alerts WHERE resolved_at IS NULL').all() as { key: string }[]) {
      this.#unresolved.add(row.key);
    }
  }

  raise(alert: AlertInput): void {
    try {
      const problem = problemWith(alert);
      if (problem !== undefined) {
        this.#logger.error('an alert was dropped: it cannot be stored', { key: alert.key, problem });
        return;
      }
      const row = this.#raise(alert);
      this.#unresolved.add(row.key);
      const kept = this.#unsaved.take(row.key);
      if (kept) this.#emit({ removed: kept.id });
      this.#emit({ alert: fromRow(row) });
    } catch (error) {
      this.#failed('raise', alert.key, alert.message, error);
      try {
        this.#emit({ alert: this.#unsaved.raise(alert, this.#now()) });
      } catch (again) {
        this.#failed('keep', alert.key, alert.message, again);
      }
    }
  }

  resolve(key: string): void {
    const kept = this.#unsaved.take(key);
    if (kept) this.#emit({ removed: kept.id });
    if (!this.#unresolved.has(key)) return;
    try {
      const { row, pruned } = this.#resolve(key);
      this.#unresolved.delete(key);
      if (row) this.#emit({ alert: fromRow(row) });
      for (const id of pruned) this.#emit({ removed: id });
    } catch (error) {
      this.#failed('resolve', key, undefined, error);
    }
  }

  /** Alerts matching `filter` (default: everything not dismissed), most recently seen first. */
  list(filter: AlertFilter = {}, limit = KEEP_CLOSED_ALERTS): Alert[] {
    const where = whereOf(filter);
    const rows = this.#db
      .prepare(`SELECT * FROM alerts WHERE ${where.sql} ORDER BY last_seen DESC, id DESC LIMIT ?`)
      .all(...where.params, limit) as AlertRow[];
    const listed = rows.map(fromRow);
    if (this.#unsaved.size === 0) return listed;
    return [...this.#unsaved.list(filter), ...listed]
      .sort((a, b) => b.lastSeen - a.lastSeen || b.id - a.id)
      .slice(0, limit);
  }

  /** One alert by id or key, in any state. */
  get(ref: AlertRef): Alert | undefined {
    const row = this.#db
      .prepare(`SELECT * FROM alerts WHERE ${'id' in ref ? 'id' : 'key'} = ?`)
      .get('id' in ref ? ref.id : ref.key) as AlertRow | undefined;
    return row && fromRow(row);
  }

  /** Puts one alert away until it is raised again; undefined when there is no such alert. */
  dismiss(ref: AlertRef): Alert | undefined {
    const unsavedKey = 'id' in ref ? this.#unsaved.keyOf(ref.id) : ref.key;
    const kept = unsavedKey === undefined ? undefined : this.#unsaved.take(unsavedKey);
    if (kept) {
      this.#emit({ removed: kept.id });
      if ('id' in ref) return { ...kept, dismissedAt: this.#now() };
    }
    const { rows, pruned } = this.#dismiss('id' in ref ? 'id = ?' : 'key = ?', ['id' in ref ? ref.id : ref.key]);
    this.#announce(rows, pruned);
    const found = rows[0] ? fromRow(rows[0]) : this.get(ref);
    return found ?? (kept && { ...kept, dismissedAt: this.#now() });
  }

  /** Puts away every listed alert matching `filter` (default: all active and resolved ones); returns how many. */
  dismissAll(filter: AlertFilter = {}): number {
    const states = (filter.states ?? ['active', 'resolved']).filter((s) => s !== 'dismissed');
    if (states.length === 0) return 0;
    const where = whereOf({ ...filter, states });
    const kept = this.#unsaved.list({ ...filter, states }).map((a) => this.#unsaved.take(a.key)!);
    for (const alert of kept) this.#emit({ removed: alert.id });
    const { rows, pruned } = this.#dismiss(where.sql, where.params);
    this.#announce(rows, pruned);
    return rows.length + kept.length;
  }

  /** How many alerts need attention: active, not dismissed, error or critical. */
  attention(): number {
    const row = this.#db
      .prepare(
        `SELECT count(*) AS n FROM alerts WHERE resolved_at IS NULL AND dismissed_at IS NULL
         AND severity IN ('error', 'critical')`,
      )
      .get() as { n: number };
    return row.n + this.#unsaved.attention();
  }

  /** Conditions raised and not resolved (dismissed or not), to seed AlertConditions after a restart. */
  unresolved(): ActiveCondition[] {
    return this.#db.prepare('SELECT key, severity FROM alerts WHERE resolved_at IS NULL').all() as ActiveCondition[];
  }

  /** Whether an alert is kept in memory only because its write failed. */
  isUnsaved(key: string): boolean {
    return this.#unsaved.keys().includes(key);
  }

  /** Receives every change; returns the unsubscribe function. */
  onChange(listener: (change: AlertChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #announce(rows: AlertRow[], pruned: number[]): void {
    const gone = new Set(pruned);
    for (const row of rows) if (!gone.has(row.id)) this.#emit({ alert: fromRow(row) });
    for (const id of pruned) this.#emit({ removed: id });
  }

  #emit(change: AlertChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#logger.error('an alert listener failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  #failed(what: string, key: string, message: string | undefined, error: unknown): void {
    // The alert itself goes to the log, so it is not lost with the write.
    this.#logger.error(`could not ${what} an alert`, {
      key,
      ...(message === undefined ? {} : { message }),
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
