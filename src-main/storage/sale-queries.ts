// The dashboard's reads over the whole sale history, in SQL: pages with a stable order and a
// cursor, counts, and exact sums. A page never loads more rows than it shows, and every figure is
// computed over all rows, however many there are (a sample of the newest once disagreed with the
// totals). Money is decimal TEXT up to 2^256, beyond SQLite's 64-bit SUM, so sums run through a
// bigint aggregate registered on the connection.
import { SaleStateNames, type Id, type OutcomeKind, type SaleOutcome, type SaleStateName } from '../engine/index';
import type { Db } from './db';
import { fromRow, outcomeFromRow, type OutcomeRow, type SaleRow } from './sale-history-store';
import type { SaleRecord, SaleStep } from '../engine/index';

/** Columns a slot page can be ordered by. */
export type SlotOrder = 'slot' | 'state' | 'size' | 'progress' | 'proofs' | 'payout' | 'startedAt' | 'endsAt';

/** Where a page ends: its last row's order values and id. The next page starts after it. */
export interface PageKey {
  readonly values: readonly (string | number)[];
  readonly id: number;
}

/** Which slots, in which order, from where. */
export interface SlotQuery {
  readonly states?: readonly SaleStateName[];
  /** Part of a slot, request or availability id. */
  readonly text?: string;
  readonly order: SlotOrder;
  readonly direction: 'asc' | 'desc';
  readonly after?: PageKey;
  readonly limit: number;
}

/** A stored sale with what only the store knows: how often it was skipped in a row. */
export interface StoredSale {
  readonly record: SaleRecord;
  /** 1, or how many retries in a row were skipped for the same reason. */
  readonly ignoredTimes: number;
  /** When the first of those skips happened, chain seconds. */
  readonly ignoredSince?: number;
}

/** One page: the rows, the key to continue after them (absent on the last page), and how many match in all. */
export interface StoredPage<T> {
  readonly rows: T[];
  readonly next?: PageKey;
  readonly total: number;
}

/** Which outcomes, newest first, from where. */
export interface OutcomeQuery {
  readonly kind?: OutcomeKind;
  /** Only outcomes at or after this chain time. */
  readonly since?: number;
  /** Part of a slot or request id, or of the reason. */
  readonly text?: string;
  readonly after?: PageKey;
  readonly limit: number;
}

/** Paid per calendar month (UTC), bigint. */
export interface MonthlyPaid {
  readonly month: string;
  readonly paid: bigint;
}

const stateRank = `CASE s.state ${SaleStateNames.map((n, i) => `WHEN '${n}' THEN ${i}`).join(' ')} END`;
/** Decimal TEXT orders as numbers by length first (no leading zeros are stored). */
const decimal = (column: string) => [`length(${column})`, column];
const orderColumns: Record<SlotOrder, string[]> = {
  slot: ['s.slot_id'],
  state: [stateRank],
  size: decimal('s.slot_size'),
  progress: ['CAST(s.downloaded_bytes AS REAL) / MAX(CAST(s.slot_size AS REAL), 1.0)'],
  proofs: ['s.proofs_missed', 's.proofs_submitted'],
  payout: decimal("COALESCE(s.payout, '')"),
  startedAt: ['s.started_at'],
  endsAt: ['COALESCE(s.ends_at, 0)'],
};

/** The newest sale of each slot: the one the slots list shows. */
const newestOfSlot = 'NOT EXISTS (SELECT 1 FROM sales n WHERE n.slot_id = s.slot_id AND n.id > s.id)';
const slotFilter = `${newestOfSlot}
  AND (@states IS NULL OR s.state IN (SELECT value FROM json_each(@states)))
  AND (@text IS NULL OR s.slot_id LIKE @text ESCAPE '\\' OR s.request_id LIKE @text ESCAPE '\\'
       OR s.availability_id LIKE @text ESCAPE '\\')`;
const outcomeFilter = `(@kind IS NULL OR kind = @kind) AND at >= @since
  AND (@text IS NULL OR slot_id LIKE @text ESCAPE '\\' OR request_id LIKE @text ESCAPE '\\'
       OR reason LIKE @text ESCAPE '\\')`;

/** A LIKE pattern that finds `text` anywhere, its wildcards taken literally; null for no filter. */
function contains(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

type Row = SaleRow & { ignored_times: number; ignored_since: number | null; [key: `k${number}`]: string | number };

/** Reads over the sale history for pages, counts and sums. */
export class SqliteSaleQueries {
  readonly #db: Db;
  readonly #pages = new Map<string, ReturnType<Db['prepare']>>();
  readonly #s;

  constructor(db: Db) {
    this.#db = db;
    db.aggregate('decimal_sum', {
      start: () => 0n,
      step: (total: bigint, value: unknown) => (value === null ? total : total + BigInt(value as string)),
      result: (total: bigint) => total.toString(),
    });
    type Filter = { states: string | null; text: string | null };
    type OutcomeFilter = { kind: string | null; since: number; text: string | null };
    this.#s = {
      slotCount: db.prepare<[Filter], { n: number }>(`SELECT count(*) AS n FROM sales s WHERE ${slotFilter}`),
      stateCounts: db.prepare<[], { state: SaleStateName; n: number }>(
        `SELECT state, count(*) AS n FROM sales s WHERE ${newestOfSlot} GROUP BY state`,
      ),
      outcomes: db.prepare<[OutcomeFilter & { after: number | null; limit: number }], OutcomeRow & { seq: number }>(
        `SELECT * FROM sale_outcomes WHERE ${outcomeFilter} AND (@after IS NULL OR seq < @after)
         ORDER BY seq DESC LIMIT @limit`,
      ),
      outcomeCount: db.prepare<[OutcomeFilter], { n: number }>(
        `SELECT count(*) AS n FROM sale_outcomes WHERE ${outcomeFilter}`,
      ),
      kindCounts: db.prepare<[], { kind: OutcomeKind; n: number }>(
        'SELECT kind, count(*) AS n FROM sale_outcomes GROUP BY kind',
      ),
      ofSlot: db.prepare<[Id], Row>('SELECT * FROM sales WHERE slot_id = ? ORDER BY id DESC'),
      sale: db.prepare<[number], Row>('SELECT * FROM sales WHERE id = ?'),
      steps: db.prepare<[number], { state: SaleStateName; at: number; note: string | null }>(
        'SELECT state, at, note FROM sale_steps WHERE sale_id = ? ORDER BY seq',
      ),
      paid: db.prepare<[], { paid: string }>('SELECT decimal_sum(payout) AS paid FROM sales'),
      slashed: db.prepare<[], { slashed: string }>('SELECT decimal_sum(slashed) AS slashed FROM sales'),
      // Every payout lands in a month: the month the sale ended, or (still ending) when it filled or began.
      byMonth: db.prepare<[], { month: string; paid: string }>(
        `SELECT strftime('%Y-%m', COALESCE(ended_at, filled_at, started_at), 'unixepoch') AS month,
           decimal_sum(payout) AS paid
         FROM sales WHERE payout IS NOT NULL GROUP BY month ORDER BY month`,
      ),
    };
  }

  /** One page of slots (each slot's newest sale), in a stable order, and how many match in all. */
  slotPage(query: SlotQuery): StoredPage<StoredSale> {
    const filter = { states: query.states ? JSON.stringify(query.states) : null, text: contains(query.text) };
    const columns = orderColumns[query.order];
    const statement = this.#slotPageStatement(query.order, query.direction);
    const after = query.after;
    if (after && after.values.length !== columns.length) throw new RangeError('page key does not fit the order');
    const params: Record<string, unknown> = { ...filter, limit: query.limit + 1, has_after: after ? 1 : 0 };
    columns.forEach((_, i) => (params[`a${i}`] = after?.values[i] ?? null));
    params.after_id = after?.id ?? null;
    const rows = statement.all(params) as Row[];
    const more = rows.length > query.limit;
    const kept = more ? rows.slice(0, query.limit) : rows;
    const last = kept[kept.length - 1];
    return {
      rows: kept.map(stored),
      ...(more && last ? { next: { values: columns.map((_, i) => last[`k${i}`]!), id: last.id } } : {}),
      total: this.#s.slotCount.get(filter)!.n,
    };
  }

  /** How many slots are in each state now (each slot counted once, by its newest sale). */
  slotStateCounts(): Partial<Record<SaleStateName, number>> {
    return Object.fromEntries(this.#s.stateCounts.all().map((r) => [r.state, r.n]));
  }

  /** One page of outcomes, newest first, and how many match in all. */
  outcomePage(query: OutcomeQuery): StoredPage<SaleOutcome> {
    const filter = { kind: query.kind ?? null, since: query.since ?? 0, text: contains(query.text) };
    const rows = this.#s.outcomes.all({ ...filter, after: query.after?.id ?? null, limit: query.limit + 1 });
    const more = rows.length > query.limit;
    const kept = more ? rows.slice(0, query.limit) : rows;
    const last = kept[kept.length - 1];
    return {
      rows: kept.map(outcomeFromRow),
      ...(more && last ? { next: { values: [], id: last.seq } } : {}),
      total: this.#s.outcomeCount.get(filter)!.n,
    };
  }

  /** How many outcomes of each kind were ever recorded. */
  outcomeKindCounts(): Partial<Record<OutcomeKind, number>> {
    return Object.fromEntries(this.#s.kindCounts.all().map((r) => [r.kind, r.n]));
  }

  /** Every sale of one slot, newest first (a slot freed and sold again has several). */
  salesOfSlot(slotId: Id): StoredSale[] {
    return this.#s.ofSlot.all(slotId).map(stored);
  }

  /** One stored sale. */
  sale(id: number): StoredSale | undefined {
    const row = this.#s.sale.get(id);
    return row === undefined ? undefined : stored(row);
  }

  /** A sale's timeline, oldest first. */
  steps(saleId: number): SaleStep[] {
    return this.#s.steps
      .all(saleId)
      .map((r) => ({ state: r.state, at: r.at, ...(r.note === null ? {} : { note: r.note }) }));
  }

  /** Every payout ever recorded, summed exactly. */
  totalPaid(): bigint {
    return BigInt(this.#s.paid.get()!.paid);
  }

  /** Every slashed collateral ever recorded, summed exactly. */
  totalSlashed(): bigint {
    return BigInt(this.#s.slashed.get()!.slashed);
  }

  /** Payouts by month; the months add up to totalPaid(). */
  paidByMonth(): MonthlyPaid[] {
    return this.#s.byMonth.all().map((r) => ({ month: r.month, paid: BigInt(r.paid) }));
  }

  #slotPageStatement(order: SlotOrder, direction: 'asc' | 'desc'): ReturnType<Db['prepare']> {
    const key = `${order}:${direction}`;
    let statement = this.#pages.get(key);
    if (statement === undefined) {
      const columns = orderColumns[order];
      const dir = direction === 'asc' ? 'ASC' : 'DESC';
      const compare = direction === 'asc' ? '>' : '<';
      const keys = columns.map((c, i) => `${c} AS k${i}`).join(', ');
      const tuple = `(${[...columns, 's.id'].join(', ')})`;
      const bound = `(${[...columns.map((_, i) => `@a${i}`), '@after_id'].join(', ')})`;
      statement = this.#db.prepare(
        `SELECT s.*, ${keys} FROM sales s WHERE ${slotFilter} AND (@has_after = 0 OR ${tuple} ${compare} ${bound})
         ORDER BY ${[...columns, 's.id'].map((c) => `${c} ${dir}`).join(', ')} LIMIT @limit`,
      );
      this.#pages.set(key, statement);
    }
    return statement;
  }
}

function stored(row: Row): StoredSale {
  return {
    record: fromRow(row),
    ignoredTimes: row.ignored_times,
    ...(row.ignored_since === null ? {} : { ignoredSince: row.ignored_since }),
  };
}
