// The SaleHistoryStore port on SQLite: one row per sale, its steps, and the outcomes told to the
// operator. A save writes the sale's facts, its new step and any new outcomes in one transaction,
// so the timeline never disagrees with the summary, even after a crash. saveSales writes a whole
// batch (the engine's writes of one event-loop turn, or one period's proof counters) the same way.
import type {
  Id,
  IgnoredReason,
  NewSale,
  OutcomeKind,
  SaleChanges,
  SaleHistoryStore,
  SaleOutcome,
  SaleQuery,
  SaleRecord,
  SaleStateName,
  SaleStep,
  SaleWrite,
} from '../engine/index';
import { writeTransaction, type Db } from './db';
import { foldRepeatedIgnores } from './ignored-repeats';

/** A row of the sales table. */
export interface SaleRow {
  id: number;
  slot_id: string;
  request_id: string;
  slot_index: string;
  state: string;
  slot_size: string;
  duration: string;
  price_per_byte_per_second: string;
  collateral: string;
  availability_id: string | null;
  reservation_id: string | null;
  downloaded_bytes: string;
  started_at: number;
  expires_at: number | null;
  ends_at: number | null;
  filled_at: number | null;
  ended_at: number | null;
  ignored_reason: string | null;
  error: string | null;
  payout: string | null;
  collateral_returned: string | null;
  slashed: string | null;
  proofs_required: number;
  proofs_submitted: number;
  proofs_missed: number;
  proof_builds: number;
  proof_build_last_ms: number | null;
  proof_build_total_ms: number;
}

/** A row of the sale_outcomes table. */
export interface OutcomeRow {
  id: string;
  kind: string;
  at: number;
  sale_id: number;
  slot_id: string;
  request_id: string;
  slot_index: string;
  amount: string | null;
  reason: string | null;
}

const saleColumns = `slot_id, request_id, slot_index, state, slot_size, duration, price_per_byte_per_second,
  collateral, availability_id, reservation_id, downloaded_bytes, started_at, expires_at, ends_at, filled_at,
  ended_at, ignored_reason, error, payout, collateral_returned, slashed, proofs_required, proofs_submitted,
  proofs_missed, proof_builds, proof_build_last_ms, proof_build_total_ms`;
const saleValues = saleColumns
  .split(',')
  .map((c) => `@${c.trim()}`)
  .join(', ');
const saleAssignments = saleColumns
  .split(',')
  .map((c) => `${c.trim()} = @${c.trim()}`)
  .join(', ');

const opt = <T, R>(value: T | undefined, map: (v: T) => R): R | null => (value === undefined ? null : map(value));
const str = (v: bigint): string => v.toString();
const same = <T>(v: T): T => v;

function toRow(sale: NewSale): Omit<SaleRow, 'id'> {
  return {
    slot_id: sale.slotId,
    request_id: sale.requestId,
    slot_index: str(sale.slotIndex),
    state: sale.state,
    slot_size: str(sale.slotSize),
    duration: str(sale.duration),
    price_per_byte_per_second: str(sale.pricePerBytePerSecond),
    collateral: str(sale.collateral),
    availability_id: opt(sale.availabilityId, same),
    reservation_id: opt(sale.reservationId, same),
    downloaded_bytes: str(sale.downloadedBytes),
    started_at: sale.startedAt,
    expires_at: opt(sale.expiresAt, same),
    ends_at: opt(sale.endsAt, same),
    filled_at: opt(sale.filledAt, same),
    ended_at: opt(sale.endedAt, same),
    ignored_reason: opt(sale.ignoredReason, same),
    error: opt(sale.error, same),
    payout: opt(sale.payout, str),
    collateral_returned: opt(sale.collateralReturned, str),
    slashed: opt(sale.slashed, str),
    proofs_required: sale.proofs.required,
    proofs_submitted: sale.proofs.submitted,
    proofs_missed: sale.proofs.missed,
    proof_builds: sale.proofBuild?.count ?? 0,
    proof_build_last_ms: sale.proofBuild?.lastMs ?? null,
    proof_build_total_ms: sale.proofBuild?.totalMs ?? 0,
  };
}

/** A sales row as the engine's record. */
export function fromRow(row: SaleRow): SaleRecord {
  const optional = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } =>
    (value === null ? {} : { [key]: value }) as { [P in K]?: V };
  return {
    id: row.id,
    slotId: row.slot_id,
    requestId: row.request_id,
    slotIndex: BigInt(row.slot_index),
    state: row.state as SaleStateName,
    slotSize: BigInt(row.slot_size),
    duration: BigInt(row.duration),
    pricePerBytePerSecond: BigInt(row.price_per_byte_per_second),
    collateral: BigInt(row.collateral),
    ...optional('availabilityId', row.availability_id),
    ...optional('reservationId', row.reservation_id),
    downloadedBytes: BigInt(row.downloaded_bytes),
    startedAt: row.started_at,
    ...optional('expiresAt', row.expires_at),
    ...optional('endsAt', row.ends_at),
    ...optional('filledAt', row.filled_at),
    ...optional('endedAt', row.ended_at),
    ...optional('ignoredReason', row.ignored_reason as IgnoredReason | null),
    ...optional('error', row.error),
    ...optional('payout', row.payout === null ? null : BigInt(row.payout)),
    ...optional('collateralReturned', row.collateral_returned === null ? null : BigInt(row.collateral_returned)),
    ...optional('slashed', row.slashed === null ? null : BigInt(row.slashed)),
    proofs: { required: row.proofs_required, submitted: row.proofs_submitted, missed: row.proofs_missed },
    ...optional(
      'proofBuild',
      row.proof_builds > 0 && row.proof_build_last_ms !== null
        ? { count: row.proof_builds, lastMs: row.proof_build_last_ms, totalMs: row.proof_build_total_ms }
        : null,
    ),
  };
}

/** An outcome row as the engine's outcome. */
export function outcomeFromRow(row: OutcomeRow): SaleOutcome {
  return {
    id: row.id,
    kind: row.kind as OutcomeKind,
    at: row.at,
    saleId: row.sale_id,
    slotId: row.slot_id,
    requestId: row.request_id,
    slotIndex: BigInt(row.slot_index),
    ...(row.amount === null ? {} : { amount: BigInt(row.amount) }),
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}

/** Sale history in the sales database. */
export class SqliteSaleHistory implements SaleHistoryStore {
  readonly createSale: (sale: NewSale, step: SaleStep) => SaleRecord;
  readonly saveSale: (sale: SaleRecord, changes?: SaleChanges) => SaleOutcome[];
  readonly saveSales: (batch: readonly SaleWrite[]) => SaleOutcome[];
  private readonly statements;

  constructor(db: Db) {
    const s = {
      insertSale: db.prepare<[Omit<SaleRow, 'id'>]>(`INSERT INTO sales (${saleColumns}) VALUES (${saleValues})`),
      insertSaleWithId: db.prepare<[SaleRow]>(`INSERT INTO sales (id, ${saleColumns}) VALUES (@id, ${saleValues})`),
      nextId: db.prepare<[], { next: number }>(
        `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'sales'), 0),
                    coalesce((SELECT max(id) FROM sales), 0)) + 1 AS next`,
      ),
      hasOutcome: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM sale_outcomes WHERE id = ?'),
      updateSale: db.prepare<[SaleRow]>(`UPDATE sales SET ${saleAssignments} WHERE id = @id`),
      insertStep: db.prepare<[{ sale_id: number; state: string; at: number; note: string | null }]>(
        'INSERT INTO sale_steps (sale_id, state, at, note) VALUES (@sale_id, @state, @at, @note)',
      ),
      insertOutcome: db.prepare<[OutcomeRow]>(
        `INSERT OR IGNORE INTO sale_outcomes (id, kind, at, sale_id, slot_id, request_id, slot_index, amount, reason)
         VALUES (@id, @kind, @at, @sale_id, @slot_id, @request_id, @slot_index, @amount, @reason)`,
      ),
      get: db.prepare<[number], SaleRow>('SELECT * FROM sales WHERE id = ?'),
      latestOfSlot: db.prepare<[Id], SaleRow>('SELECT * FROM sales WHERE slot_id = ? ORDER BY id DESC LIMIT 1'),
      open: db.prepare<[], SaleRow>('SELECT * FROM sales WHERE ended_at IS NULL ORDER BY id'),
      list: db.prepare<[{ ended: number | null; before: number; limit: number }], SaleRow>(
        `SELECT * FROM sales WHERE id < @before
           AND (@ended IS NULL OR (@ended = 1 AND ended_at IS NOT NULL) OR (@ended = 0 AND ended_at IS NULL))
         ORDER BY id DESC LIMIT @limit`,
      ),
      steps: db.prepare<[number], { state: string; at: number; note: string | null }>(
        'SELECT state, at, note FROM sale_steps WHERE sale_id = ? ORDER BY seq',
      ),
      outcomes: db.prepare<[number], OutcomeRow>(
        'SELECT id, kind, at, sale_id, slot_id, request_id, slot_index, amount, reason FROM sale_outcomes ORDER BY seq DESC LIMIT ?',
      ),
      payouts: db.prepare<[], { payout: string }>('SELECT payout FROM sales WHERE payout IS NOT NULL'),
    };
    this.statements = s;
    const step = (saleId: number, st: SaleStep): void => {
      s.insertStep.run({ sale_id: saleId, state: st.state, at: st.at, note: st.note ?? null });
    };
    this.createSale = writeTransaction(db, (sale: NewSale, first: SaleStep): SaleRecord => {
      const id = Number(s.insertSale.run(toRow(sale)).lastInsertRowid);
      step(id, first);
      return { id, ...sale };
    });
    const foldIgnore = foldRepeatedIgnores(db);
    const save = (sale: SaleRecord, changes: SaleChanges = {}): SaleOutcome[] => {
      s.updateSale.run({ id: sale.id, ...toRow(sale) });
      foldIgnore(sale);
      if (changes.step !== undefined) step(sale.id, changes.step);
      return addOutcomes(changes.outcomes ?? []);
    };
    const addOutcomes = (outcomes: readonly SaleOutcome[]): SaleOutcome[] => {
      const added: SaleOutcome[] = [];
      for (const o of outcomes) {
        const row: OutcomeRow = {
          id: o.id,
          kind: o.kind,
          at: o.at,
          sale_id: o.saleId,
          slot_id: o.slotId,
          request_id: o.requestId,
          slot_index: str(o.slotIndex),
          amount: opt(o.amount, str),
          reason: o.reason ?? null,
        };
        if (s.insertOutcome.run(row).changes > 0) added.push(o);
      }
      return added;
    };
    this.saveSale = writeTransaction(db, save);
    this.saveSales = writeTransaction(db, (batch: readonly SaleWrite[]): SaleOutcome[] => {
      const added: SaleOutcome[] = [];
      for (const write of batch) {
        if (write.created) s.insertSaleWithId.run({ id: write.sale.id, ...toRow(write.sale) });
        else s.updateSale.run({ id: write.sale.id, ...toRow(write.sale) });
        foldIgnore(write.sale);
        for (const st of write.steps ?? []) step(write.sale.id, st);
        added.push(...addOutcomes(write.outcomes ?? []));
      }
      return added;
    });
  }

  nextSaleId(): number {
    return this.statements.nextId.get()!.next;
  }

  hasOutcome(id: string): boolean {
    return this.statements.hasOutcome.get(id) !== undefined;
  }

  getSale(id: number): SaleRecord | undefined {
    const row = this.statements.get.get(id);
    return row === undefined ? undefined : fromRow(row);
  }

  latestSaleOfSlot(slotId: Id): SaleRecord | undefined {
    const row = this.statements.latestOfSlot.get(slotId);
    return row === undefined ? undefined : fromRow(row);
  }

  openSales(): SaleRecord[] {
    return this.statements.open.all().map(fromRow);
  }

  listSales(query: SaleQuery = {}): SaleRecord[] {
    const ended = query.ended === undefined ? null : query.ended ? 1 : 0;
    const rows = this.statements.list.all({
      ended,
      before: query.beforeId ?? Number.MAX_SAFE_INTEGER,
      limit: query.limit ?? -1,
    });
    return rows.map(fromRow);
  }

  steps(saleId: number): SaleStep[] {
    return this.statements.steps
      .all(saleId)
      .map((r) => ({ state: r.state as SaleStateName, at: r.at, ...(r.note === null ? {} : { note: r.note }) }));
  }

  recentOutcomes(limit: number): SaleOutcome[] {
    return this.statements.outcomes.all(limit).map(outcomeFromRow);
  }

  totalPaid(): bigint {
    return this.statements.payouts.all().reduce((sum, row) => sum + BigInt(row.payout), 0n);
  }
}
