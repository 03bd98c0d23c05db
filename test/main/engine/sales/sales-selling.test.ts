import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SalesEvent } from '../../../../src-main/engine/index';
import { eventually as settleUntil } from '../../../fakes/eventually';
import { salesAvailability, salesFixture, salesRequest, type SalesFixture } from '../../../fakes/sales-fixture';

let f: SalesFixture;
beforeEach(async () => {
  f = await salesFixture();
});
afterEach(() => f.dispose());

const eventually = (condition: () => boolean) => settleUntil(condition, () => f.settle());

const ofType = <T extends SalesEvent['type']>(type: T) =>
  f.events.filter((e): e is Extract<SalesEvent, { type: T }> => e.type === type);

describe('Sales - selling', () => {
  it('takes no new slot while selling is paused; waiting slots are kept and taken on resume', async () => {
    f.sales.createAvailability(salesAvailability({ totalSize: 400n, totalCollateral: 400n }));
    f.sales.pauseSelling();
    await f.market.requestStorage(f.request);
    for (let i = 0; i < 10; i++) await f.settle();
    expect(f.sales.queue.length).toBe(4);
    expect(f.calls.stores).toEqual([]);
    expect(f.sales.queueSnapshot()).toMatchObject({ paused: true, sellingPaused: true });
    f.sales.resumeSelling();
    // Three workers, each free again once its slot is reserved: all four slots are taken.
    await eventually(() => f.calls.stores.length === 4);
  });

  it('lets running sales go on while paused', async () => {
    f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(salesRequest(1, { slots: 1n }));
    await eventually(() => f.sales.activeAgents[0]?.state() === 'SaleInitialProving');
    f.sales.pauseSelling();
    await f.allowRequestToStart();
    await eventually(() => f.market.filled.length === 1);
  });

  it('does not let an availability change wake a paused seller', async () => {
    f.sales.pauseSelling();
    await f.market.requestStorage(f.request);
    f.sales.createAvailability(salesAvailability());
    for (let i = 0; i < 10; i++) await f.settle();
    expect(f.calls.stores).toEqual([]);
  });

  it('retries waiting slots when an availability is re-enabled (Codex did not)', async () => {
    const availability = f.sales.createAvailability(salesAvailability({ enabled: false }));
    await f.market.requestStorage(f.request);
    await eventually(() => f.sales.queue.paused && f.sales.queue.length === 4);
    f.sales.updateAvailability(availability.id, { enabled: true });
    await eventually(() => f.calls.stores.length === 1);
  });

  it('tells listeners about sales, reservations, availabilities and the queue', async () => {
    f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(salesRequest(1, { slots: 1n }));
    await f.allowRequestToStart();
    await eventually(() => f.market.filled.length === 1);
    await f.settle();
    const states = ofType('sale-state-changed').map((e) => e.sale.state);
    expect(states).toEqual([
      'SalePreparing',
      'SaleSlotReserving',
      'SaleDownloading',
      'SaleInitialProving',
      'SaleFilling',
      'SaleFilled',
      'SaleProving',
    ]);
    expect(ofType('sale-state-changed')[1]!.previous).toBe('SalePreparing');
    expect(ofType('download-progress').map((e) => e.downloadedBytes)).toEqual([100n]);
    expect(ofType('reservation-changed').length).toBeGreaterThanOrEqual(2);
    expect(ofType('availability-changed').length).toBeGreaterThanOrEqual(2);
    expect(ofType('queue-changed').length).toBeGreaterThan(0);
    expect(ofType('outcome').map((e) => e.outcome.kind)).toEqual(['slot-won']);
  });

  it('reads a sale with its timeline, and the earnings of running slots', async () => {
    f.sales.createAvailability(salesAvailability());
    const request = salesRequest(1, { slots: 1n });
    const requestId = await f.market.requestStorage(request);
    await f.allowRequestToStart();
    await eventually(() => f.sales.activeAgents[0]?.state() === 'SaleProving');
    const slotId = f.market.slotId(requestId, 0n);
    const detail = f.sales.sale(slotId)!;
    expect(detail.sale).toMatchObject({ slotId, state: 'SaleProving', downloadedBytes: 100n, collateral: 100n });
    expect(detail.timeline.map((s) => s.state).at(-1)).toBe('SaleProving');
    expect(f.sales.saleById(detail.sale.id)!.sale.state).toBe('SaleProving');
    const end = f.market.requestEnds.get(requestId)!;
    expect(f.sales.earnings()).toEqual({
      paid: 0n,
      expected: BigInt(end - detail.sale.filledAt!) * 100n,
      collateralLocked: 100n,
    });
    expect(f.sales.recentOutcomes(5).map((o) => o.kind)).toEqual(['slot-won']);
    expect(f.sales.sales({ ended: false }).map((s) => s.id)).toEqual([detail.sale.id]);
    expect(f.sales.activeSale(slotId)?.state()).toBe('SaleProving');
  });
});
