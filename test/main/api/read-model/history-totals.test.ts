// Every figure the dashboard shows about the past, over 10,000 sales in a real database, checked
// against the database itself with plain SQL: counts, sums (beyond 64 bits), sums by month, and
// lists and exports that page through everything.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvExport } from '../../../../src-main/api/csv-export';
import type { OutcomeDto, SlotDto } from '../../../../src-main/api/dto';
import { createSalesReadModel, type SalesReadModel } from '../../../../src-main/api/read-model/read-model';
import type { NewSale, SaleOutcome, SaleRecord, SaleStateName } from '../../../../src-main/engine/index';
import { startHarness, type Harness } from '../../../fakes/sales-harness';

const SALES = 10_000;
const hex = (n: number) => '0x' + n.toString(16).padStart(64, '0');

let h: Harness;
let model: SalesReadModel;
let raw: Database.Database;

/** One realistic sale of the history, its end, and what the operator was told. */
function fill(n: number): void {
  const { history } = h.storage;
  // 7,000 slots: every tenth slot was sold again after an earlier sale of it ended.
  const slot = n % 7000;
  const startedAt = 1_700_000_000 + n * 600;
  const sale: NewSale = {
    slotId: hex(slot + 1),
    requestId: hex(100_000 + Math.floor(slot / 4)),
    slotIndex: BigInt(slot % 4),
    state: 'SalePreparing',
    slotSize: BigInt(1 + (n % 9)) << 20n,
    duration: 86_400n,
    pricePerBytePerSecond: 10n ** 12n,
    collateral: 10n ** 18n,
    downloadedBytes: 0n,
    startedAt,
    proofs: { required: 0, submitted: 0, missed: 0 },
  };
  const created = history.createSale(sale, { state: 'SalePreparing', at: startedAt });
  const kind = n % 10;
  const end = (state: SaleStateName, facts: Partial<SaleRecord>, outcomes: Omit<SaleOutcome, 'saleId'>[] = []) => {
    const ended: SaleRecord = { ...created, state, endedAt: startedAt + 500, ...facts };
    history.saveSale(ended, {
      step: { state, at: startedAt + 500 },
      outcomes: outcomes.map((o) => ({ ...o, saleId: created.id })),
    });
  };
  const told = (kindOf: SaleOutcome['kind'], amount?: bigint) => ({
    id: `sale-${created.id}:${kindOf}`,
    kind: kindOf,
    at: startedAt + 400,
    slotId: sale.slotId,
    requestId: sale.requestId,
    slotIndex: sale.slotIndex,
    ...(amount === undefined ? {} : { amount }),
  });
  if (kind < 4) {
    // Paid amounts beyond 2^64 (18-decimal tokens): SQLite's own SUM cannot add them.
    const payout = 10n ** 20n + BigInt(n) * 7n;
    end('SaleFinished', { filledAt: startedAt + 100, payout, collateralReturned: 10n ** 18n }, [
      told('slot-won', payout),
      told('payout', payout),
    ]);
  } else if (kind === 4) {
    end('SaleFailed', { filledAt: startedAt + 100, slashed: BigInt(1000 + n), collateralReturned: 0n }, [
      told('request-failed', 10n ** 18n),
    ]);
  } else if (kind === 5) {
    end('SaleCancelled', {}, [told('request-cancelled')]);
  } else if (kind < 9) {
    end('SaleIgnored', { ignoredReason: kind === 6 ? 'price-too-low' : 'slot-too-big' });
  }
  // kind 9: still preparing (running, never ended)
}

beforeAll(async () => {
  h = await startHarness();
  for (let n = 0; n < SALES; n++) fill(n);
  model = createSalesReadModel({
    sales: h.sales,
    repo: h.storage.repo,
    history: h.storage.queries,
    clock: h.sim.clock,
    wallet: {
      address: '0x' + '42'.repeat(20),
      token: async () => ({ symbol: 'TST', decimals: 18 }),
      balances: async () => ({ token: 0n, gas: undefined }),
    },
    marketKind: 'sim',
    refreshMs: 60_000,
  });
  raw = new Database(join(h.storage.dataDir, 'sales.sqlite'), { readonly: true });
}, 120_000);

afterAll(async () => {
  raw?.close();
  model?.close();
  await h?.dispose();
});

const sql = <T>(query: string) => raw.prepare(query).all() as T[];

/** Every page of a list, following its cursor. */
function everyPage<T>(read: (cursor?: string) => { items: T[]; nextCursor?: string; total: number }) {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = read(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return { items, total: page.total };
  }
  throw new Error('the cursor never ended');
}

describe('the dashboard’s figures over 10,000 sales', () => {
  it('counts every slot once, by the state of its newest sale, as SQL does', () => {
    const totals = model.totals();
    const { n: slots } = sql<{ n: number }>('SELECT count(DISTINCT slot_id) AS n FROM sales')[0]!;
    expect(totals.slots).toBe(slots);
    const byState = sql<{ state: SaleStateName; n: number }>(
      `SELECT state, count(*) AS n FROM sales s WHERE s.id = (SELECT max(id) FROM sales WHERE slot_id = s.slot_id)
       GROUP BY state`,
    );
    expect(totals.slotsByState).toEqual(Object.fromEntries(byState.map((r) => [r.state, r.n])));
    expect(totals.slotsByState.SaleFinished).toBeGreaterThan(2000);
  });

  it('counts every event, by kind, as SQL does', () => {
    const totals = model.totals();
    const byKind = sql<{ kind: OutcomeDto['kind']; n: number }>(
      'SELECT kind, count(*) AS n FROM sale_outcomes GROUP BY kind',
    );
    expect(totals.eventsByKind).toEqual(Object.fromEntries(byKind.map((r) => [r.kind, r.n])));
    expect(totals.events).toBe(byKind.reduce((sum, r) => sum + r.n, 0));
  });

  it('shows as paid every payout in the database, and the months add up to it', () => {
    const earnings = model.earnings();
    const payouts = sql<{ payout: string }>('SELECT payout FROM sales WHERE payout IS NOT NULL');
    expect(payouts).toHaveLength(4000);
    const paid = payouts.reduce((sum, r) => sum + BigInt(r.payout), 0n);
    expect(paid).toBeGreaterThan(2n ** 64n);
    expect(earnings.paid).toBe(paid.toString());
    expect(earnings.byMonth.reduce((sum, m) => sum + BigInt(m.paid), 0n)).toBe(paid);
    const monthly = sql<{ month: string; n: number }>(
      `SELECT strftime('%Y-%m', ended_at, 'unixepoch') AS month, count(*) AS n FROM sales
       WHERE payout IS NOT NULL GROUP BY month`,
    );
    expect(earnings.byMonth.filter((m) => m.paid !== '0').map((m) => m.month)).toEqual(monthly.map((m) => m.month));
  });

  it('shows as slashed the SQL sum of every slashed collateral', () => {
    const { total } = sql<{ total: number }>('SELECT SUM(CAST(slashed AS INTEGER)) AS total FROM sales')[0]!;
    expect(model.earnings().slashed).toBe(String(total));
  });

  it('pages through every slot once, and the list’s count is the total', () => {
    const { items, total } = everyPage<SlotDto>((cursor) =>
      model.slotsPage({ limit: 500, ...(cursor ? { cursor } : {}) }),
    );
    expect(total).toBe(model.totals().slots);
    expect(items).toHaveLength(total);
    expect(new Set(items.map((s) => s.slotId)).size).toBe(total);
    const finished = model.slotsPage({ state: 'SaleFinished', limit: 1 });
    expect(finished.total).toBe(model.totals().slotsByState.SaleFinished);
  });

  it('pages through every event once, newest first', () => {
    const { items, total } = everyPage<OutcomeDto>((cursor) =>
      model.historyPage({ limit: 500, ...(cursor ? { cursor } : {}) }),
    );
    expect(total).toBe(model.totals().events);
    expect(new Set(items.map((o) => o.id)).size).toBe(total);
    const payouts = model.historyPage({ kind: 'payout', limit: 1 });
    expect(payouts.total).toBe(model.totals().eventsByKind.payout);
  });

  it('exports every slot and every event as CSV rows', async () => {
    for (const table of ['slots', 'history'] as const) {
      const exported = await csvExport(model, { table });
      let text = '';
      for await (const chunk of exported.chunks) text += chunk;
      const lines = text.split('\r\n').filter(Boolean);
      const expected = table === 'slots' ? model.totals().slots : model.totals().events;
      expect(lines).toHaveLength(expected + 1);
      expect(exported.rows()).toBe(expected);
    }
  });

  it('folds the repeated skips of a slot into one record with a count', () => {
    const { n: skipped } = sql<{ n: number }>(
      "SELECT sum(ignored_times) AS n FROM sales WHERE state = 'SaleIgnored'",
    )[0]!;
    expect(skipped).toBe(3000);
    const slot = model.slot(hex((6 % 7000) + 1));
    expect(slot?.state).toBe('SaleIgnored');
  });
});
