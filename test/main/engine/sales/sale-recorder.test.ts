import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type NewSale, type SalesEvent } from '../../../../src-main/engine/index';
import { SalesEvents } from '../../../../src-main/engine/sales/events';
import { SaleRecorder } from '../../../../src-main/engine/sales/sale-recorder';
import { testId } from '../../../fakes/ids';
import { manualClock } from '../../../fakes/manual-clock';
import { openTestStorage, type TestStorage } from '../../../fakes/test-db';

let t: TestStorage;
let events: SalesEvent[];
let bus: SalesEvents;
const clock = manualClock();
const facts: NewSale = {
  slotId: testId(1),
  requestId: testId(2),
  slotIndex: 3n,
  state: 'SalePreparing',
  slotSize: 100n,
  duration: 60n,
  pricePerBytePerSecond: 1n,
  collateral: 100n,
  downloadedBytes: 0n,
  startedAt: clock.now(),
  proofs: { required: 0, submitted: 0, missed: 0 },
};
beforeEach(() => {
  t = openTestStorage();
  events = [];
  bus = new SalesEvents(silentLogger);
  bus.on((e) => events.push(e));
});
afterEach(() => t.dispose());

describe('SaleRecorder', () => {
  it('persists a sale when it enters its first state, with the facts gathered before', () => {
    const log = SaleRecorder.create(t.history, bus, clock, facts);
    log.set({ endsAt: 500 });
    expect(t.history.listSales()).toEqual([]);
    log.entered('SalePreparing');
    expect(log.id).toBeGreaterThan(0);
    expect(t.history.getSale(log.id)).toMatchObject({ state: 'SalePreparing', endsAt: 500 });
    expect(events).toMatchObject([{ type: 'sale-state-changed', sale: { state: 'SalePreparing' } }]);
  });

  it('saves a step, its note and the state facts at each state change', () => {
    const log = SaleRecorder.create(t.history, bus, clock, facts);
    log.entered('SalePreparing');
    log.entered('SaleIgnored', 'price-too-low', { ignoredReason: 'price-too-low' });
    expect(t.history.steps(log.id)).toEqual([
      { state: 'SalePreparing', at: clock.now() },
      { state: 'SaleIgnored', at: clock.now(), note: 'price-too-low' },
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'sale-state-changed',
      previous: 'SalePreparing',
      sale: { ignoredReason: 'price-too-low' },
    });
  });

  it('tells download progress without persisting it', () => {
    const log = SaleRecorder.create(t.history, bus, clock, facts);
    log.entered('SaleDownloading');
    log.progress(40n);
    expect(log.sale.downloadedBytes).toBe(40n);
    expect(t.history.getSale(log.id)!.downloadedBytes).toBe(0n);
    expect(events.at(-1)).toMatchObject({ type: 'download-progress', downloadedBytes: 40n, slotSize: 100n });
  });

  it('persists proof counters as they move', () => {
    const log = SaleRecorder.create(t.history, bus, clock, facts);
    log.entered('SaleProving');
    log.proofs({ required: 1, submitted: 1 });
    log.proofs({ required: 1, missed: 1 });
    expect(t.history.getSale(log.id)!.proofs).toEqual({ required: 2, submitted: 1, missed: 1 });
    expect(events.at(-1)).toMatchObject({ type: 'sale-updated' });
  });

  it('tells each outcome once, with a stable id, also from a resumed log', () => {
    const log = SaleRecorder.create(t.history, bus, clock, facts);
    log.entered('SaleFilled');
    log.outcome('slot-won');
    const resumed = SaleRecorder.resume(t.history, bus, clock, t.history.getSale(log.id)!);
    resumed.outcome('slot-won');
    resumed.outcome('proofs-missed', { amount: 5n, key: '1' });
    resumed.outcome('proofs-missed', { amount: 5n, key: '2' });
    const told = events.flatMap((e) => (e.type === 'outcome' ? [e.outcome.id] : []));
    expect(told).toEqual([
      `sale-${log.id}:slot-won`,
      `sale-${log.id}:proofs-missed:1`,
      `sale-${log.id}:proofs-missed:2`,
    ]);
  });
});
