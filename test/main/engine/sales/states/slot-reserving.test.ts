import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { SaleDownloading } from '../../../../../src-main/engine/sales/states/downloading';
import { SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SaleIgnored } from '../../../../../src-main/engine/sales/states/ignored';
import { SaleSlotReserving } from '../../../../../src-main/engine/sales/states/slot-reserving';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture();
});
afterEach(() => f.dispose());

const run = () => new SaleSlotReserving().run(f.agent, f.signal);
/** Runs the state in the agent's machine, as the app does: a failure becomes SaleErrored. */
const inMachine = () => f.next(new SaleSlotReserving());

describe('SaleSlotReserving', () => {
  it('switches to cancelled state when request expires', () => {
    expect(new SaleSlotReserving().onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SaleSlotReserving().onFailed()).toBeInstanceOf(SaleFailed);
  });

  it('ignores SlotFilled (it has no reaction to it)', () => {
    expect(new SaleSlotReserving().onSlotFilled(f.requestId, f.slotIndex)).toBeUndefined();
  });

  it('run switches to downloading when slot successfully reserved', async () => {
    expect(await run()).toBeInstanceOf(SaleDownloading);
    expect(f.market.reserved).toEqual([{ requestId: f.requestId, slotIndex: f.slotIndex }]);
  });

  it('run switches to ignored when slot reservation not allowed', async () => {
    f.market.canReserve = false;
    const next = (await run()) as SaleIgnored;
    expect(next).toBeInstanceOf(SaleIgnored);
    expect(next).toMatchObject({ reprocessSlot: false, returnsCollateral: true, reason: 'reservations-full' });
    expect(f.market.reserved).toEqual([]);
  });

  it('run switches to errored when slot reservation errors', async () => {
    const error = new MarketError('MarketUnavailable', 'no connection');
    f.market.errors.set('reserveSlot', error);
    const next = (await inMachine()) as SaleErrored;
    expect(next).toBeInstanceOf(SaleErrored);
    expect(next.error).toBe(error);
  });

  it('run switches to ignored when reservation is not allowed', async () => {
    f.market.errors.set('reserveSlot', new MarketError('SlotReservations_ReservationNotAllowed', 'full'));
    const next = (await run()) as SaleIgnored;
    expect(next).toBeInstanceOf(SaleIgnored);
    expect(next.reprocessSlot).toBe(false);
  });

  it('market error → errored', async () => {
    const error = new MarketError('MarketUnavailable', 'canReserveSlot failed');
    f.market.errors.set('canReserveSlot', error);
    expect(((await inMachine()) as SaleErrored).error).toBe(error);
  });
});
