import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewSale, SaleRecord } from '../../../src-main/engine/index';
import { type SqliteSaleQueries, type PageKey, type SlotQuery } from '../../../src-main/storage/sale-queries';
import { testId } from '../../fakes/ids';
import { openTestStorage, type TestStorage } from '../../fakes/test-db';

let t: TestStorage;
let q: SqliteSaleQueries;
beforeEach(() => {
  t = openTestStorage();
  q = t.queries;
});
afterEach(() => t.dispose());

function sale(n: number, overrides: Partial<NewSale> = {}): NewSale {
  return {
    slotId: testId(1000 + n),
    requestId: testId(2000 + n),
    slotIndex: BigInt(n % 4),
    state: 'SalePreparing',
    slotSize: BigInt(1 + (n % 5)) << 30n,
    duration: 3600n,
    pricePerBytePerSecond: 1n,
    collateral: 1n,
    downloadedBytes: 0n,
    startedAt: 1_700_000_000 + n,
    proofs: { required: 0, submitted: 0, missed: 0 },
    ...overrides,
  };
}

function record(n: number, end: Partial<SaleRecord> = {}): SaleRecord {
  const created = t.history.createSale(sale(n), { state: 'SalePreparing', at: 1 });
  if (Object.keys(end).length === 0) return created;
  const saved = { ...created, ...end };
  t.history.saveSale(saved, { step: { state: saved.state, at: 2 } });
  return saved;
}

/** Every page of a query, following the cursor to the end. */
function all(query: Omit<SlotQuery, 'after'>): number[] {
  const ids: number[] = [];
  let after: PageKey | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = q.slotPage({ ...query, ...(after ? { after } : {}) });
    ids.push(...page.rows.map((r) => r.record.id));
    if (!page.next) return ids;
    after = page.next;
  }
  throw new Error('the cursor never ended');
}

describe('SqliteSaleQueries', () => {
  it('pages through every slot once, in a stable order, for every order and direction', () => {
    for (let n = 0; n < 57; n++)
      record(n, n % 3 === 0 ? { state: 'SaleFinished', endedAt: 10, payout: BigInt(n % 4) * 10n ** 20n } : {});
    const orders = ['slot', 'state', 'size', 'progress', 'proofs', 'payout', 'startedAt', 'endsAt'] as const;
    for (const order of orders) {
      for (const direction of ['asc', 'desc'] as const) {
        const ids = all({ order, direction, limit: 10 });
        expect(ids).toHaveLength(57);
        expect(new Set(ids).size).toBe(57);
      }
    }
    expect(all({ order: 'startedAt', direction: 'desc', limit: 7 })).toEqual(
      all({ order: 'startedAt', direction: 'desc', limit: 100 }),
    );
  });

  it('orders amounts as numbers, not as text', () => {
    record(1, { state: 'SaleFinished', endedAt: 5, payout: 9n });
    record(2, { state: 'SaleFinished', endedAt: 5, payout: 10n });
    record(3, { state: 'SaleFinished', endedAt: 5, payout: 10n ** 40n });
    const page = q.slotPage({ order: 'payout', direction: 'asc', limit: 10 });
    expect(page.rows.map((r) => r.record.payout)).toEqual([9n, 10n, 10n ** 40n]);
  });

  it('shows each slot once, by its newest sale, and counts what the filters match', () => {
    record(1, { state: 'SaleFailed', endedAt: 5, slashed: 3n });
    t.history.createSale(sale(1), { state: 'SalePreparing', at: 9 });
    record(2, { state: 'SaleFinished', endedAt: 5 });
    const page = q.slotPage({ order: 'startedAt', direction: 'desc', limit: 10 });
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.record.state).sort()).toEqual(['SaleFinished', 'SalePreparing']);
    expect(q.slotStateCounts()).toEqual({ SalePreparing: 1, SaleFinished: 1 });
    expect(q.slotPage({ order: 'slot', direction: 'asc', limit: 10, states: ['SaleFinished'] }).total).toBe(1);
    expect(q.salesOfSlot(testId(1001)).map((s) => s.record.state)).toEqual(['SalePreparing', 'SaleFailed']);
  });

  it('finds ids by any part, taking % and _ literally', () => {
    record(1);
    record(2);
    const hex = testId(1002).slice(40);
    expect(q.slotPage({ order: 'slot', direction: 'asc', limit: 10, text: hex.toUpperCase() }).total).toBe(1);
    expect(q.slotPage({ order: 'slot', direction: 'asc', limit: 10, text: '%' }).total).toBe(0);
  });

  it('refuses a page key made for another order', () => {
    record(1);
    expect(() => q.slotPage({ order: 'size', direction: 'asc', limit: 10, after: { values: [1], id: 1 } })).toThrow(
      RangeError,
    );
  });

  it('sums payouts beyond 64 bits exactly, and the months add up to the total', () => {
    const big = 10n ** 30n;
    record(1, { state: 'SaleFinished', endedAt: 1_700_000_000, payout: big });
    record(2, { state: 'SaleFinished', endedAt: 1_703_000_000, payout: big + 1n });
    record(3, { state: 'SalePayout', filledAt: 1_705_000_000, payout: 7n });
    expect(q.totalPaid()).toBe(2n * big + 8n);
    const months = q.paidByMonth();
    expect(months.map((m) => m.month)).toEqual(['2023-11', '2023-12', '2024-01']);
    expect(months.reduce((sum, m) => sum + m.paid, 0n)).toBe(q.totalPaid());
  });

  it('folds a slot skipped again for the same reason into one record with a count', () => {
    const skip = (n: number, reason: 'price-too-low' | 'slot-too-big') =>
      record(n, { state: 'SaleIgnored', ignoredReason: reason, endedAt: 3 });
    const first = skip(1, 'price-too-low');
    skip(1, 'price-too-low');
    const third = skip(1, 'price-too-low');
    expect(q.salesOfSlot(first.slotId)).toEqual([{ record: third, ignoredTimes: 3, ignoredSince: first.startedAt }]);
    expect(t.history.steps(third.id)).toHaveLength(2);
    // Another reason is news: it starts a record of its own.
    skip(1, 'slot-too-big');
    expect(q.salesOfSlot(first.slotId).map((s) => s.ignoredTimes)).toEqual([1, 3]);
  });

  it('pages outcomes newest first, filtered by kind, time and text, and counts them', () => {
    const s = record(1);
    const outcomes = Array.from({ length: 25 }, (_, i) => ({
      id: `o${i}`,
      kind: i % 5 === 0 ? ('payout' as const) : ('slot-won' as const),
      at: 100 + i,
      saleId: s.id,
      slotId: s.slotId,
      requestId: s.requestId,
      slotIndex: s.slotIndex,
      ...(i % 5 === 0 ? { amount: BigInt(i) } : {}),
    }));
    t.history.saveSale(s, { outcomes });
    const first = q.outcomePage({ limit: 10 });
    expect(first.total).toBe(25);
    expect(first.rows.map((o) => o.id)).toEqual(
      outcomes
        .slice(15)
        .reverse()
        .map((o) => o.id),
    );
    const second = q.outcomePage({ limit: 10, after: first.next! });
    expect(second.rows[0]!.id).toBe('o14');
    expect(q.outcomePage({ limit: 50, kind: 'payout' }).total).toBe(5);
    expect(q.outcomePage({ limit: 50, since: 120 }).total).toBe(5);
    expect(q.outcomeKindCounts()).toEqual({ payout: 5, 'slot-won': 20 });
  });
});
