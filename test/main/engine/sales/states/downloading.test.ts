import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { type OnStore } from '../../../../../src-main/engine/sales/context';
import { isCancellation } from '../../../../../src-main/engine/sales/state';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { SaleDownloading } from '../../../../../src-main/engine/sales/states/downloading';
import { SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SaleFilled } from '../../../../../src-main/engine/sales/states/filled';
import { SaleInitialProving } from '../../../../../src-main/engine/sales/states/initial-proving';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture();
});
afterEach(() => f.dispose());

/** Gives the agent a real reservation of the slot's size. */
function reserve(): void {
  const { ask } = f.request;
  const availability = f.storage.reservations.createAvailability({
    totalSize: ask.slotSize,
    duration: ask.duration,
    minPricePerBytePerSecond: 1n,
    totalCollateral: ask.slotSize * ask.collateralPerByte,
  });
  f.agent.data.reservation = f.storage.reservations.createReservation({
    availabilityId: availability.id,
    size: ask.slotSize,
    requestId: f.requestId,
    slotIndex: f.slotIndex,
    collateralPerByte: ask.collateralPerByte,
    validUntil: f.clock.now() + Number(ask.duration),
  });
}

function withStore(onStore: OnStore): SaleDownloading {
  Object.assign(f.context, { onStore });
  return new SaleDownloading();
}

describe('SaleDownloading', () => {
  it('switches to cancelled state when request expires', () => {
    expect(new SaleDownloading().onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SaleDownloading().onFailed()).toBeInstanceOf(SaleFailed);
  });

  it('switches to filled state when slot is filled', () => {
    expect(new SaleDownloading().onSlotFilled()).toBeInstanceOf(SaleFilled);
  });

  it('stores the slot and moves to initial proving', async () => {
    reserve();
    expect(await new SaleDownloading().run(f.agent, f.signal)).toBeInstanceOf(SaleInitialProving);
    expect(f.recorded.stores).toHaveLength(1);
    expect(f.recorded.stores[0]).toMatchObject({ requestId: f.requestId, slotIndex: f.slotIndex, isRepairing: false });
  });

  it('releases reserved bytes batch by batch, in repairs too', async () => {
    reserve();
    f.market.slotStates.set(f.slotId, 'Repair');
    const state = withStore(async (input, onBatch) => {
      expect(input.isRepairing).toBe(true);
      onBatch(1000n);
      onBatch(24n);
    });
    await state.run(f.agent, f.signal);
    const reservation = f.storage.reservations.getReservation(f.agent.data.reservation!.id);
    expect(reservation.writtenSize).toBe(1024n);
    expect(reservation.size).toBe(f.request.ask.slotSize - 1024n);
    expect(f.agent.record.sale.downloadedBytes).toBe(1024n);
  });

  it('keeps data until the request end once started, until the expiry before', async () => {
    reserve();
    f.market.requestStates.set(f.requestId, 'Started');
    await new SaleDownloading().run(f.agent, f.signal);
    expect(f.recorded.stores[0]!.expiry).toBe(f.market.requestEnds.get(f.requestId));
  });

  it('switches to errored when onStore fails', async () => {
    reserve();
    const error = new Error('content unavailable');
    const next = (await f.next(withStore(async () => Promise.reject(error)))) as SaleErrored;
    expect(next).toBeInstanceOf(SaleErrored);
    expect(next.error).toBe(error);
    expect(next.reprocessSlot).toBe(false);
  });

  it('switches to errored when releasing more than the reservation holds', async () => {
    reserve();
    const next = await f.next(withStore(async (_input, onBatch) => onBatch(f.request.ask.slotSize + 1n)));
    expect(next).toBeInstanceOf(SaleErrored);
  });

  it('switches to errored without a reservation', async () => {
    expect(await f.next(new SaleDownloading())).toBeInstanceOf(SaleErrored);
  });

  it('market error → errored', async () => {
    reserve();
    const error = new MarketError('MarketUnavailable', 'slotState failed');
    f.market.errors.set('slotState', error);
    expect(((await f.next(new SaleDownloading())) as SaleErrored).error).toBe(error);
  });

  it('gives up quietly when the sale moves on mid-download (an abort, not a failure)', async () => {
    reserve();
    const controller = new AbortController();
    const state = withStore(async (_input, onBatch, signal) => {
      onBatch(10n);
      controller.abort();
      signal.throwIfAborted();
    });
    await expect(state.run(f.agent, controller.signal)).rejects.toSatisfy((e) => isCancellation(e, controller.signal));
  });
});
