import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type MarketEventName } from '../../../../src-main/engine/index';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUARANTINE_ALERT } from '../../../../src-main/engine/sales/unaccounted-data';
import { eventually } from '../../../fakes/eventually';
import { RecordingAlerter } from '../../../fakes/recording-alerter';
import { salesAvailability, salesFixture, salesRequest, type SalesFixture } from '../../../fakes/sales-fixture';

let f: SalesFixture;
afterEach(() => f.dispose());

/** Two slots of a request filled by us, as the chain would report them at start-up. */
async function holdTwoSlots(fx: SalesFixture): Promise<string> {
  const request = salesRequest(5, { slots: 2n });
  const requestId = await fx.market.requestStorage(request);
  for (const index of [0n, 1n]) {
    fx.market.fill(requestId, index, fx.market.signer, 100n);
    fx.market.activeSlots.push(fx.market.slotId(requestId, index));
  }
  return requestId;
}

describe('Sales - start', () => {
  it('load slots when Sales module starts', async () => {
    f = await salesFixture({ start: false });
    const requestId = await holdTwoSlots(f);
    await f.sales.start();
    expect(f.sales.activeAgents.map((a) => [a.data.requestId, a.data.slotIndex])).toEqual([
      [requestId, 0n],
      [requestId, 1n],
    ]);
    await f.settle();
    expect(f.sales.activeAgents.map((a) => a.state())).toEqual(['SaleProving', 'SaleProving']);
  });

  it('resumes a sale cut before its fill, and gives its reservation back once its request is gone', async () => {
    f = await salesFixture({ start: false });
    const availability = f.reservations.createAvailability(salesAvailability());
    f.reservations.createReservation({
      availabilityId: availability.id,
      size: 100n,
      requestId: '0x' + '77'.repeat(32),
      slotIndex: 0n,
      collateralPerByte: 1n,
      validUntil: f.clock.now() + 60,
    });
    await f.sales.start();
    await eventually(
      () => f.reservations.listReservations().length === 0,
      () => f.settle(),
    );
    expect(f.reservations.getAvailability(availability.id)).toMatchObject({
      freeSize: 100n,
      totalRemainingCollateral: 100n,
    });
  });

  it('resumes a download cut by a restart with the blocks it stored, counting each byte once', async () => {
    f = await salesFixture({ start: false });
    const availability = f.reservations.createAvailability(salesAvailability());
    await f.market.requestStorage(f.request);
    const reservation = f.reservations.createReservation({
      availabilityId: availability.id,
      size: 100n,
      requestId: f.requestId,
      slotIndex: 0n,
      collateralPerByte: 1n,
      validUntil: f.clock.now() + 60,
    });
    f.reservations.release(reservation.id, availability.id, 40n, [0, 1]);
    const given: (readonly number[])[] = [];
    f.hooks.store = async (input, onBatch) => {
      given.push(input.storedBlocks);
      onBatch(60n, [2]);
    };
    await f.sales.start();
    await eventually(
      () => f.sales.activeAgents[0]?.state() === 'SaleInitialProving',
      () => f.settle(),
    );
    expect(given).toEqual([[0, 1]]);
    expect(f.reservations.getReservation(reservation.id)).toMatchObject({ size: 0n, writtenSize: 100n });
    expect(f.reservations.storedBlocks(reservation.id)).toEqual([0, 1, 2]);
  });

  it('moves slot data no reservation accounts for aside, deletes nothing, and says so', async () => {
    const alerter = new RecordingAlerter();
    f = await salesFixture({ start: false, sales: { alerter } });
    const orphan = '0x' + '5a'.repeat(32);
    await f.storage.repo.writeSlotData(orphan, 0, new Uint8Array(4096).fill(7));
    const used = f.storage.repo.quota().used;
    await f.sales.start();
    expect(f.storage.repo.listSlots()).toEqual([]);
    // Moved, not deleted: its bytes still count as used until the operator removes them.
    expect(f.storage.repo.quota().used).toBeGreaterThanOrEqual(used);
    const [alert] = alerter.of(QUARANTINE_ALERT);
    expect(alert).toMatchObject({ category: 'storage', severity: 'warning', data: { folders: 1, bytes: '4096' } });
    const moved = join(String(alert!.data!.folder), orphan);
    expect(readdirSync(moved)).toContain('data');
    expect(readFileSync(join(moved, 'data'))).toEqual(Buffer.from(new Uint8Array(4096).fill(7)));
  });

  it('re-attaches the reservation of a restored slot, so its ending returns bytes and collateral', async () => {
    f = await salesFixture({ start: false });
    const availability = f.reservations.createAvailability(
      salesAvailability({ totalSize: 200n, totalCollateral: 200n }),
    );
    const requestId = await holdTwoSlots(f);
    for (const slotIndex of [0n, 1n]) {
      const reservation = f.reservations.createReservation({
        availabilityId: availability.id,
        size: 100n,
        requestId,
        slotIndex,
        collateralPerByte: 1n,
        validUntil: f.clock.now() + 60,
      });
      f.reservations.release(reservation.id, availability.id, 100n);
    }
    f.market.slotStates.set(f.market.slotId(requestId, 0n), 'Paid');
    f.market.slotStates.set(f.market.slotId(requestId, 1n), 'Paid');
    await f.sales.start();
    expect(f.sales.activeAgents.every((a) => a.data.reservation !== undefined)).toBe(true);
    await eventually(
      () => f.reservations.listReservations().length === 0,
      () => f.settle(),
    );
    expect(f.reservations.getAvailability(availability.id)).toMatchObject({
      freeSize: 200n,
      totalRemainingCollateral: 200n,
    });
  });

  it('closes sales the history shows running whose slot is not ours any more', async () => {
    f = await salesFixture({ start: false });
    const open = f.storage.history.createSale(
      {
        slotId: '0x' + '01'.repeat(32),
        requestId: '0x' + '02'.repeat(32),
        slotIndex: 0n,
        state: 'SaleDownloading',
        slotSize: 100n,
        duration: 60n,
        pricePerBytePerSecond: 1n,
        collateral: 100n,
        downloadedBytes: 50n,
        startedAt: f.clock.now(),
        proofs: { required: 0, submitted: 0, missed: 0 },
        reservationId: '0x' + '03'.repeat(32),
      },
      { state: 'SaleDownloading', at: f.clock.now() },
    );
    await f.sales.start();
    const closed = f.storage.history.getSale(open.id)!;
    expect(closed).toMatchObject({ state: 'SaleErrored', endedAt: f.clock.now() });
    expect(closed.error).toMatch(/interrupted by a restart/);
  });

  it('continues the history of a restored slot', async () => {
    f = await salesFixture({ start: false });
    const requestId = await holdTwoSlots(f);
    const slotId = f.market.slotId(requestId, 0n);
    const before = f.storage.history.createSale(
      {
        slotId,
        requestId,
        slotIndex: 0n,
        state: 'SaleProving',
        slotSize: 100n,
        duration: 60n,
        pricePerBytePerSecond: 1n,
        collateral: 100n,
        downloadedBytes: 100n,
        startedAt: f.clock.now() - 5,
        filledAt: f.clock.now() - 3,
        proofs: { required: 2, submitted: 2, missed: 0 },
      },
      { state: 'SaleProving', at: f.clock.now() - 3 },
    );
    await f.sales.start();
    await f.settle();
    const detail = f.sales.sale(slotId)!;
    expect(detail.sale.id).toBe(before.id);
    expect(detail.timeline.map((s) => s.state)).toEqual(['SaleProving', 'SaleUnknown', 'SaleFilled', 'SaleProving']);
  });

  it('subscribes to the market events in Codex order, and goes on when one subscription fails', async () => {
    f = await salesFixture({ start: false, logger: silentLogger });
    const order: MarketEventName[] = [];
    const subscribe = f.market.subscribe.bind(f.market);
    f.market.subscribe = ((event, handler, filter) => {
      if (event === 'RequestFulfilled') throw new Error('provider refused');
      order.push(event);
      return subscribe(event, handler, filter);
    }) as typeof f.market.subscribe;
    await f.sales.start();
    expect(order).toEqual([
      'StorageRequested',
      'RequestFailed',
      'SlotFilled',
      'SlotFreed',
      'RequestCancelled',
      'SlotReservationsFull',
    ]);
  });

  it('stop unsubscribes, stops the queue and every agent', async () => {
    f = await salesFixture({ start: false });
    await holdTwoSlots(f);
    await f.sales.start();
    await f.sales.stop();
    expect(f.market.subscribers('StorageRequested')).toBe(0);
    expect(f.sales.queue.running).toBe(false);
    expect(f.sales.activeAgents).toEqual([]);
    expect(f.sales.isRunning).toBe(false);
  });
});
