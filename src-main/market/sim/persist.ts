// The simulated chain in its own SQLite file (WAL). Reads never touch it: the chain lives in memory
// and dirty rows are written through in one SQLite transaction per batch (at the end of the event-loop
// turn, or at once when many are pending), so a restart resumes the same chain.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { MarketEventName, PastEvent } from '../../engine/index';
import {
  decodeEventPayload,
  decodeRequestRecord,
  decodeSlotRecord,
  encodeEventPayload,
  encodeRequestRecord,
  encodeSlotRecord,
} from './codec';
import { decodeManifest, encodeManifest, type SimManifest } from './manifest';
import type { ChainState, ProofMark } from './state';
import type { ManifestStore } from './content-server';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS slots (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reservations (slot_id TEXT PRIMARY KEY, hosts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS balances (address TEXT PRIMARY KEY, amount TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS allowances (key TEXT PRIMARY KEY, amount TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS proofs (slot_id TEXT NOT NULL, period INTEGER NOT NULL, mark TEXT NOT NULL,
  PRIMARY KEY (slot_id, period));
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
  block INTEGER NOT NULL, time INTEGER NOT NULL, payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_name ON events (name, block);
CREATE TABLE IF NOT EXISTS manifests (request_id TEXT PRIMARY KEY, data TEXT NOT NULL);
`;

/** JSON with bigints as decimal strings suffixed by "n", so they come back as bigints (meta values). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** Inverse of toJson. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_k, v) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)) as T;
}

/** The simulator's SQLite file. */
export class SimStore implements ManifestStore {
  private readonly db: Database.Database;
  private readonly history: { name: MarketEventName; event: PastEvent<MarketEventName> }[] = [];
  private readonly stmt;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const upsert = (table: string, key: string, col: string) =>
      this.db.prepare(
        `INSERT INTO ${table} (${key}, ${col}) VALUES (?, ?) ON CONFLICT(${key}) DO UPDATE SET ${col} = excluded.${col}`,
      );
    this.stmt = {
      meta: upsert('meta', 'key', 'value'),
      request: upsert('requests', 'id', 'data'),
      slot: upsert('slots', 'id', 'data'),
      reservations: upsert('reservations', 'slot_id', 'hosts'),
      delReservations: this.db.prepare('DELETE FROM reservations WHERE slot_id = ?'),
      balance: upsert('balances', 'address', 'amount'),
      allowance: upsert('allowances', 'key', 'amount'),
      proof: this.db.prepare(
        'INSERT INTO proofs (slot_id, period, mark) VALUES (?, ?, ?) ON CONFLICT(slot_id, period) DO UPDATE SET mark = excluded.mark',
      ),
      delProof: this.db.prepare('DELETE FROM proofs WHERE slot_id = ? AND period = ?'),
      event: this.db.prepare('INSERT INTO events (name, block, time, payload) VALUES (?, ?, ?, ?)'),
      manifest: upsert('manifests', 'request_id', 'data'),
      getManifest: this.db.prepare('SELECT data FROM manifests WHERE request_id = ?'),
    };
  }

  /** True when the file holds no chain yet. */
  isEmpty(): boolean {
    return this.getMeta('chain') === undefined;
  }

  /** A meta value (JSON), or undefined. */
  getMeta<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? fromJson<T>(row.value) : undefined;
  }

  /** Write a meta value at once. */
  setMeta(key: string, value: unknown): void {
    this.stmt.meta.run(key, toJson(value));
  }

  /** Fill `state` from the file. */
  load(state: ChainState): void {
    for (const row of this.db.prepare('SELECT data FROM requests').all() as { data: string }[]) {
      const r = decodeRequestRecord(row.data);
      state.requests.set(r.id, r);
    }
    for (const row of this.db.prepare('SELECT data FROM slots').all() as { data: string }[]) {
      const s = decodeSlotRecord(row.data);
      state.slots.set(s.id, s);
    }
    for (const row of this.db.prepare('SELECT slot_id, hosts FROM reservations').all() as {
      slot_id: string;
      hosts: string;
    }[]) {
      state.reservations.set(row.slot_id, JSON.parse(row.hosts) as string[]);
    }
    for (const row of this.db.prepare('SELECT address, amount FROM balances').all() as {
      address: string;
      amount: string;
    }[]) {
      state.balances.set(row.address, BigInt(row.amount));
    }
    for (const row of this.db.prepare('SELECT key, amount FROM allowances').all() as {
      key: string;
      amount: string;
    }[]) {
      state.allowances.set(row.key, BigInt(row.amount));
    }
    for (const row of this.db.prepare('SELECT slot_id, period, mark FROM proofs').all() as {
      slot_id: string;
      period: number;
      mark: ProofMark;
    }[]) {
      let marks = state.proofs.get(row.slot_id);
      if (!marks) state.proofs.set(row.slot_id, (marks = new Map()));
      marks.set(row.period, row.mark);
    }
    state.reindex();
    for (const set of Object.values(state.dirty)) set.clear();
  }

  /** A client's manifest, written at once: it is what the client hashed when it posted the request. */
  saveManifest(requestId: string, manifest: SimManifest): void {
    this.stmt.manifest.run(requestId, encodeManifest(manifest));
  }

  /** The manifest of a request, or undefined. */
  loadManifest(requestId: string): SimManifest | undefined {
    const row = this.stmt.getManifest.get(requestId) as { data: string } | undefined;
    return row ? decodeManifest(row.data) : undefined;
  }

  /** Queue history events; they are written with the next flush. */
  addHistory(events: PastEvent<MarketEventName>[], names: MarketEventName[]): void {
    events.forEach((event, i) => this.history.push({ name: names[i]!, event }));
  }

  /** Write every dirty row and queued history event in one transaction. */
  flush(state: ChainState, meta: Record<string, unknown>): void {
    const { dirty } = state;
    this.db.transaction(() => {
      for (const id of dirty.request) this.stmt.request.run(id, encodeRequestRecord(state.requests.get(id)!));
      for (const id of dirty.slot) this.stmt.slot.run(id, encodeSlotRecord(state.slots.get(id)!));
      for (const id of dirty.reservations) {
        const hosts = state.reservations.get(id);
        if (hosts) this.stmt.reservations.run(id, JSON.stringify(hosts));
        else this.stmt.delReservations.run(id);
      }
      for (const a of dirty.balance) this.stmt.balance.run(a, String(state.balances.get(a) ?? 0n));
      for (const k of dirty.allowance) this.stmt.allowance.run(k, String(state.allowances.get(k) ?? 0n));
      for (const key of dirty.proof) {
        const [slotId, p] = key.split(':') as [string, string];
        const mark = state.proofs.get(slotId)?.get(Number(p));
        if (mark) this.stmt.proof.run(slotId, Number(p), mark);
        else this.stmt.delProof.run(slotId, Number(p));
      }
      for (const { name, event } of this.history) {
        const { blockNumber, timestamp, ...payload } = event;
        this.stmt.event.run(name, blockNumber, timestamp, encodeEventPayload(payload as never));
      }
      for (const [key, value] of Object.entries(meta)) this.stmt.meta.run(key, toJson(value));
    })();
    for (const set of Object.values(dirty)) set.clear();
    this.history.length = 0;
  }

  /** History events of one name from a block on. */
  queryEvents<E extends MarketEventName>(name: E, fromBlock: number, fromTime = 0): PastEvent<E>[] {
    const rows = this.db
      .prepare('SELECT block, time, payload FROM events WHERE name = ? AND block >= ? AND time >= ? ORDER BY seq')
      .all(name, fromBlock, fromTime) as { block: number; time: number; payload: string }[];
    return rows.map(
      (r) => ({ ...decodeEventPayload(r.payload), blockNumber: r.block, timestamp: r.time }) as PastEvent<E>,
    );
  }

  /** Close the file. */
  close(): void {
    this.db.close();
  }
}
