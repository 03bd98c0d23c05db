import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  silentLogger,
  StorageFaultError,
  type NewSale,
  type SaleHistoryStore,
  type SaleOutcome,
  type SaleRecord,
  type SaleWrite,
} from '../../../../src-main/engine/index';
import { HistoryWriter } from '../../../../src-main/engine/sales/history-writer';
import { testId } from '../../../fakes/ids';
import { manualClock } from '../../../fakes/manual-clock';
import { openTestStorage, type TestStorage } from '../../../fakes/test-db';

let t: TestStorage;
let batches: number;
let failNext: Error | undefined;
let store: SaleHistoryStore;
const clock = manualClock();
const turn = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  t = openTestStorage();
  batches = 0;
  failNext = undefined;
  // The real store, with its batch writes counted and a fault injectable.
  store = new Proxy(t.history, {
    get(target, name, receiver) {
      if (name !== 'saveSales') return Reflect.get(target, name, receiver) as unknown;
      return (batch: readonly SaleWrite[]) => {
        batches++;
        if (failNext !== undefined) {
          const error = failNext;
          failNext = undefined;
          throw error;
        }
        return target.saveSales(batch);
      };
    },
  });
});
const writers: HistoryWriter[] = [];
afterEach(() => {
  // Nothing of one test may flush into the next one's store.
  for (const w of writers.splice(0)) w.close();
  t.dispose();
});

function sale(n: number): NewSale {
  return {
    slotId: testId(n),
    requestId: testId(100 + n),
    slotIndex: 0n,
    state: 'SalePreparing',
    slotSize: 100n,
    duration: 60n,
    pricePerBytePerSecond: 1n,
    collateral: 100n,
    downloadedBytes: 0n,
    startedAt: clock.now(),
    proofs: { required: 0, submitted: 0, missed: 0 },
  };
}

function outcome(record: SaleRecord): SaleOutcome {
  const { id, slotId, requestId, slotIndex } = record;
  return { id: `sale-${id}:slot-won`, kind: 'slot-won', at: clock.now(), saleId: id, slotId, requestId, slotIndex };
}

function writer(faults: unknown[] = []): HistoryWriter {
  const w = new HistoryWriter(store, { clock, logger: silentLogger, onStorageFault: (e) => faults.push(e) });
  writers.push(w);
  return w;
}

describe('HistoryWriter', () => {
  it('commits the writes of many sales in one event-loop turn as one transaction', async () => {
    const w = writer();
    const records = [1, 2, 3].map((n) => w.create(sale(n), { state: 'SalePreparing', at: clock.now() }));
    for (const r of records)
      w.save({ ...r, state: 'SaleSlotReserving' }, { step: { state: 'SaleSlotReserving', at: 1 } });
    expect(t.history.listSales()).toEqual([]);
    await turn();
    expect(batches).toBe(1);
    expect(t.history.listSales().map((s) => s.state)).toEqual([
      'SaleSlotReserving',
      'SaleSlotReserving',
      'SaleSlotReserving',
    ]);
    expect(t.history.steps(records[0]!.id).map((s) => s.state)).toEqual(['SalePreparing', 'SaleSlotReserving']);
  });

  it('hands out ids above every id the store has used', async () => {
    const before = t.history.createSale(sale(9), { state: 'SalePreparing', at: 1 });
    const w = writer();
    expect(w.create(sale(1), { state: 'SalePreparing', at: 1 }).id).toBe(before.id + 1);
    expect(w.create(sale(2), { state: 'SalePreparing', at: 1 }).id).toBe(before.id + 2);
  });

  it('keeps proof counters until their period ends, then writes every slot’s in one transaction', async () => {
    const w = writer();
    const records = [1, 2].map((n) => w.create(sale(n), { state: 'SaleProving', at: clock.now() }));
    await turn();
    batches = 0;
    const end = clock.now() + 10;
    for (const r of records) w.save({ ...r, proofs: { required: 1, submitted: 1, missed: 0 } }, {}, end);
    await turn();
    expect(batches).toBe(0);
    expect(t.history.getSale(records[0]!.id)!.proofs.submitted).toBe(0);
    await clock.advanceTo(end);
    expect(batches).toBe(1);
    expect(t.history.listSales().map((s) => s.proofs.submitted)).toEqual([1, 1]);
  });

  it('lets waiting proof counters ride along with a write that happens anyway', async () => {
    const w = writer();
    const [a, b] = [1, 2].map((n) => w.create(sale(n), { state: 'SaleProving', at: clock.now() }));
    await turn();
    batches = 0;
    w.save({ ...a!, proofs: { required: 1, submitted: 1, missed: 0 } }, {}, clock.now() + 10);
    w.save({ ...b!, state: 'SalePayout' }, { step: { state: 'SalePayout', at: clock.now() } });
    await turn();
    expect(batches).toBe(1);
    expect(t.history.getSale(a!.id)!.proofs.submitted).toBe(1);
    expect(w.backlog).toBe(0);
  });

  it('tells an outcome once, also when it was recorded before a restart', async () => {
    const w = writer();
    const r = w.create(sale(1), { state: 'SaleFilled', at: clock.now() });
    expect(w.save(r, { outcomes: [outcome(r)] })).toHaveLength(1);
    expect(w.save(r, { outcomes: [outcome(r)] })).toEqual([]);
    await turn();
    expect(writer().save(r, { outcomes: [outcome(r)] })).toEqual([]);
    expect(t.history.recentOutcomes(10)).toHaveLength(1);
  });

  it('keeps the writes while the disk refuses them, and commits them once it takes writes again', async () => {
    const faults: unknown[] = [];
    const w = writer(faults);
    const r = w.create(sale(1), { state: 'SalePreparing', at: clock.now() });
    failNext = new StorageFaultError('disk-full', 'database or disk is full');
    await turn();
    expect(faults).toHaveLength(1);
    expect(w.backlog).toBe(1);
    w.save({ ...r, state: 'SaleSlotReserving' }, { step: { state: 'SaleSlotReserving', at: 2 } });
    await turn();
    expect(t.history.steps(r.id).map((s) => s.state)).toEqual(['SalePreparing', 'SaleSlotReserving']);
    expect(w.backlog).toBe(0);
  });

  it('drops only the sale whose row cannot be written, saying so', async () => {
    const errors: string[] = [];
    const w = new HistoryWriter(store, {
      clock,
      logger: { ...silentLogger, error: (message) => errors.push(message) },
    });
    writers.push(w);
    const good = w.create(sale(1), { state: 'SalePreparing', at: 1 });
    // A slot id the table's CHECK refuses: that row, and only that row, is lost.
    w.create({ ...sale(2), slotId: 'not an id' }, { state: 'SalePreparing', at: 1 });
    await turn();
    expect(t.history.listSales().map((s) => s.id)).toEqual([good.id]);
    expect(errors).toEqual([
      'saving the sale history failed; retrying sale by sale',
      'a sale’s history could not be saved and was dropped',
    ]);
  });

  it('writes everything, counters included, when closed', () => {
    const w = writer();
    const r = w.create(sale(1), { state: 'SaleProving', at: clock.now() });
    w.save({ ...r, proofs: { required: 3, submitted: 3, missed: 0 } }, {}, clock.now() + 100);
    w.close();
    expect(t.history.getSale(r.id)!.proofs.required).toBe(3);
  });
});
