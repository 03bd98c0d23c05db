import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewSale, SaleOutcome } from '../../../src-main/engine/index';
import { openTestStorage, type TestStorage } from '../../fakes/test-db';
import { testId } from '../../fakes/ids';

let t: TestStorage;
beforeEach(() => {
  t = openTestStorage();
});
afterEach(() => t.dispose());

function newSale(n: number, overrides: Partial<NewSale> = {}): NewSale {
  return {
    slotId: testId(100 + n),
    requestId: testId(200),
    slotIndex: BigInt(n),
    state: 'SalePreparing',
    slotSize: 1n << 40n,
    duration: 3600n,
    pricePerBytePerSecond: 10n ** 30n,
    collateral: 123n,
    downloadedBytes: 0n,
    startedAt: 1_700_000_000,
    expiresAt: 1_700_000_300,
    proofs: { required: 0, submitted: 0, missed: 0 },
    ...overrides,
  };
}

describe('SqliteSaleHistory', () => {
  it('round-trips every field of a sale, big numbers included', () => {
    const sale = t.history.createSale(newSale(1), { state: 'SalePreparing', at: 1_700_000_000 });
    const full = {
      ...sale,
      state: 'SaleFinished' as const,
      availabilityId: testId(1),
      reservationId: testId(2),
      downloadedBytes: 1n << 40n,
      endsAt: 1_700_003_600,
      filledAt: 1_700_000_020,
      endedAt: 1_700_003_601,
      ignoredReason: 'price-too-low' as const,
      error: 'boom',
      payout: 10n ** 40n,
      collateralReturned: 5n,
      slashed: 7n,
      proofs: { required: 3, submitted: 2, missed: 1 },
      proofBuild: { count: 3, lastMs: 180, totalMs: 512 },
    };
    t.history.saveSale(full, { step: { state: 'SaleFinished', at: 1_700_003_601, note: 'paid' } });
    expect(t.history.getSale(sale.id)).toEqual(full);
    expect(t.history.steps(sale.id)).toEqual([
      { state: 'SalePreparing', at: 1_700_000_000 },
      { state: 'SaleFinished', at: 1_700_003_601, note: 'paid' },
    ]);
  });

  it('reads a sale that never built a proof without proof build times, and refuses negative ones', () => {
    const sale = t.history.createSale(newSale(2), { state: 'SalePreparing', at: 1 });
    expect(t.history.getSale(sale.id)).not.toHaveProperty('proofBuild');
    expect(() => t.history.saveSale({ ...sale, proofBuild: { count: 1, lastMs: -1, totalMs: 0 } })).toThrow(/CHECK/);
    expect(t.history.getSale(sale.id)).toEqual(sale);
  });

  it('adds an outcome once: the same id again is not told twice', () => {
    const sale = t.history.createSale(newSale(1), { state: 'SalePreparing', at: 1 });
    const outcome: SaleOutcome = {
      id: `sale-${sale.id}:payout`,
      kind: 'payout',
      at: 5,
      saleId: sale.id,
      slotId: sale.slotId,
      requestId: sale.requestId,
      slotIndex: sale.slotIndex,
      amount: 99n,
    };
    expect(t.history.saveSale(sale, { outcomes: [outcome] })).toEqual([outcome]);
    expect(t.history.saveSale(sale, { outcomes: [outcome] })).toEqual([]);
    expect(t.history.recentOutcomes(10)).toEqual([outcome]);
  });

  it('writes a batch of new and changed sales, their steps and outcomes in one go', () => {
    const old = t.history.createSale(newSale(1), { state: 'SalePreparing', at: 1 });
    const id = t.history.nextSaleId();
    expect(id).toBe(old.id + 1);
    const fresh = { id, ...newSale(2) };
    const outcome: SaleOutcome = {
      id: `sale-${id}:slot-won`,
      kind: 'slot-won',
      at: 3,
      saleId: id,
      slotId: fresh.slotId,
      requestId: fresh.requestId,
      slotIndex: fresh.slotIndex,
    };
    const added = t.history.saveSales([
      { sale: { ...old, state: 'SaleIgnored', endedAt: 2 }, steps: [{ state: 'SaleIgnored', at: 2 }] },
      { sale: fresh, created: true, steps: [{ state: 'SalePreparing', at: 3 }], outcomes: [outcome] },
    ]);
    expect(added).toEqual([outcome]);
    expect(t.history.getSale(old.id)).toMatchObject({ state: 'SaleIgnored', endedAt: 2 });
    expect(t.history.getSale(id)).toEqual(fresh);
    expect(t.history.hasOutcome(outcome.id)).toBe(true);
    expect(t.history.hasOutcome('sale-0:payout')).toBe(false);
    // The next id follows the last one written.
    expect(t.history.nextSaleId()).toBe(id + 1);
  });

  it('lists sales newest first, running or ended, and pages by id', () => {
    const a = t.history.createSale(newSale(1), { state: 'SalePreparing', at: 1 });
    const b = t.history.createSale(newSale(2), { state: 'SalePreparing', at: 2 });
    const c = t.history.createSale(newSale(3), { state: 'SalePreparing', at: 3 });
    t.history.saveSale({ ...b, state: 'SaleIgnored', endedAt: 4 });
    expect(t.history.listSales().map((s) => s.id)).toEqual([c.id, b.id, a.id]);
    expect(t.history.listSales({ ended: true }).map((s) => s.id)).toEqual([b.id]);
    expect(t.history.listSales({ ended: false }).map((s) => s.id)).toEqual([c.id, a.id]);
    expect(t.history.listSales({ beforeId: c.id, limit: 1 }).map((s) => s.id)).toEqual([b.id]);
    expect(t.history.openSales().map((s) => s.id)).toEqual([a.id, c.id]);
  });

  it('finds the newest sale of a slot', () => {
    t.history.createSale(newSale(1), { state: 'SalePreparing', at: 1 });
    const again = t.history.createSale(newSale(1), { state: 'SalePreparing', at: 9 });
    expect(t.history.latestSaleOfSlot(testId(101))?.id).toBe(again.id);
    expect(t.history.latestSaleOfSlot(testId(999))).toBeUndefined();
  });

  it('sums every payout', () => {
    const a = t.history.createSale(newSale(1), { state: 'SalePreparing', at: 1 });
    const b = t.history.createSale(newSale(2), { state: 'SalePreparing', at: 1 });
    t.history.saveSale({ ...a, payout: 10n ** 30n });
    t.history.saveSale({ ...b, payout: 1n });
    expect(t.history.totalPaid()).toBe(10n ** 30n + 1n);
  });

  it('refuses a state name Codex does not have, and changes nothing', () => {
    const sale = t.history.createSale(newSale(1), { state: 'SalePreparing', at: 1 });
    expect(() =>
      t.history.saveSale({ ...sale, state: 'SaleBogus' as never }, { step: { state: 'SaleFilled', at: 2 } }),
    ).toThrow(/CHECK constraint/);
    expect(t.history.steps(sale.id)).toHaveLength(1);
  });

  it('keeps the history across a reopen of the data folder', () => {
    const sale = t.history.createSale(newSale(1), { state: 'SalePreparing', at: 1 });
    t.close();
    const again = openTestStorage({ dataDir: t.dataDir });
    try {
      expect(again.history.getSale(sale.id)).toEqual(sale);
    } finally {
      again.close();
    }
  });
});
