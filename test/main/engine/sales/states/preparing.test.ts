import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BytesOutOfBoundsError,
  CollateralOutOfBoundsError,
  MarketError,
  type NewAvailability,
} from '../../../../../src-main/engine/index';
import { isCancellation } from '../../../../../src-main/engine/sales/state';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SaleFilled } from '../../../../../src-main/engine/sales/states/filled';
import { SaleIgnored } from '../../../../../src-main/engine/sales/states/ignored';
import { SalePreparing } from '../../../../../src-main/engine/sales/states/preparing';
import { SaleSlotReserving } from '../../../../../src-main/engine/sales/states/slot-reserving';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture();
});
afterEach(() => f.dispose());

/** docs/reference/sales-tests.md F.10's availability: room for the slot and 100 bytes more, 60 s longer, the ask's price. */
function availability(overrides: Partial<NewAvailability> = {}): NewAvailability {
  const { ask } = f.request;
  return {
    totalSize: ask.slotSize + 100n,
    duration: ask.duration + 60n,
    minPricePerBytePerSecond: ask.pricePerBytePerSecond,
    totalCollateral: ask.collateralPerByte * ask.slotSize * ask.slots,
    ...overrides,
  };
}

const run = () => new SalePreparing().run(f.agent, f.signal);
/** Runs the state in the agent's machine, as the app does: a failure becomes SaleErrored. */
const inMachine = () => f.next(new SalePreparing());

describe('SalePreparing', () => {
  it('switches to cancelled state when request expires', () => {
    expect(new SalePreparing().onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SalePreparing().onFailed()).toBeInstanceOf(SaleFailed);
  });

  it('switches to filled state when slot is filled', () => {
    expect(new SalePreparing().onSlotFilled()).toBeInstanceOf(SaleFilled);
  });

  it('run switches to errored when the request cannot be retrieved', async () => {
    await f.dispose();
    f = await saleFixture({ agentKnowsRequest: false, marketKnowsRequest: false });
    const next = await run();
    expect(next).toBeInstanceOf(SaleErrored);
    expect((next as SaleErrored).note).toBe('request could not be retrieved');
  });

  it('run switches to ignored when no availability', async () => {
    const next = (await run()) as SaleIgnored;
    expect(next).toBeInstanceOf(SaleIgnored);
    expect(next.reprocessSlot).toBe(true);
    expect(next.reason).toBe('no-availability');
  });

  it('run switches to ignored when availability is not enabled', async () => {
    f.storage.reservations.createAvailability(availability({ enabled: false }));
    const next = (await run()) as SaleIgnored;
    expect(next).toBeInstanceOf(SaleIgnored);
    expect(next.reason).toBe('availability-disabled');
  });

  it('names the narrowest reason when availabilities do not match', async () => {
    f.storage.reservations.createAvailability(availability({ minPricePerBytePerSecond: 2n, duration: 1n }));
    f.storage.reservations.createAvailability(availability({ duration: 1n }));
    expect(((await run()) as SaleIgnored).reason).toBe('duration-too-long');
  });

  it('run switches to slot reserving state after reservation created', async () => {
    const created = f.storage.reservations.createAvailability(availability());
    expect(await run()).toBeInstanceOf(SaleSlotReserving);
    const reservation = f.agent.data.reservation!;
    expect(reservation).toMatchObject({
      availabilityId: created.id,
      size: f.request.ask.slotSize,
      slotIndex: f.slotIndex,
    });
    expect(f.storage.reservations.getAvailability(created.id).freeSize).toBe(100n);
    expect(f.recorded.events.map((e) => e.type)).toContain('reservation-changed');
  });

  it('accepts a slot being repaired', async () => {
    f.storage.reservations.createAvailability(availability());
    f.market.slotStates.set(f.slotId, 'Repair');
    expect(await run()).toBeInstanceOf(SaleSlotReserving);
  });

  it('skips a repair slot, reserving nothing, when the data source cannot rebuild its data', async () => {
    const created = f.storage.reservations.createAvailability(availability());
    f.market.slotStates.set(f.slotId, 'Repair');
    Object.assign(f.context, { canRepair: false });
    const next = (await run()) as SaleIgnored;
    expect(next).toBeInstanceOf(SaleIgnored);
    expect(next.reason).toBe('repair-not-supported');
    expect(next.reprocessSlot).toBe(false);
    expect(f.storage.reservations.getAvailability(created.id)).toEqual(created);
  });

  it('run switches to ignored when reserve fails with BytesOutOfBounds', async () => {
    f.storage.reservations.createAvailability(availability());
    f.storage.reservations.createReservation = () => {
      throw new BytesOutOfBoundsError('lost the race');
    };
    const next = (await run()) as SaleIgnored;
    expect(next).toBeInstanceOf(SaleIgnored);
    expect(next.reprocessSlot).toBe(true);
  });

  it('treats running out of collateral in the same transaction like running out of bytes', async () => {
    f.storage.reservations.createAvailability(availability());
    f.storage.reservations.createReservation = () => {
      throw new CollateralOutOfBoundsError('lost the race');
    };
    expect(((await run()) as SaleIgnored).reprocessSlot).toBe(true);
  });

  it('run switches to errored when reserve fails with other error', async () => {
    f.storage.reservations.createAvailability(availability());
    const error = new Error('disk on fire');
    f.storage.reservations.createReservation = () => {
      throw error;
    };
    const next = (await inMachine()) as SaleErrored;
    expect(next).toBeInstanceOf(SaleErrored);
    expect(next.error).toBe(error);
  });

  it('ignores a slot that is not free, without re-queuing it', async () => {
    f.market.slotStates.set(f.slotId, 'Filled');
    const next = (await run()) as SaleIgnored;
    expect(next.reprocessSlot).toBe(false);
    expect(next.reason).toBe('slot-not-free');
  });

  it('ignores the slot of an expired request', async () => {
    f.market.slotStates.set(f.slotId, 'Cancelled');
    expect(((await run()) as SaleIgnored).reason).toBe('request-expired');
  });

  it('ignores an untouched slot (it reads Free) of a request that already expired, without watching it', async () => {
    f.market.requestStates.set(f.requestId, 'Cancelled');
    const next = (await run()) as SaleIgnored;
    expect(next).toMatchObject({ reprocessSlot: false, reason: 'request-expired' });
    expect(f.agent.expiryWatcher).toBeUndefined();
  });

  it('ignores a slot of a request that failed or finished', async () => {
    f.market.requestStates.set(f.requestId, 'Failed');
    expect(((await run()) as SaleIgnored).reason).toBe('slot-not-free');
  });

  it('market error → errored', async () => {
    const error = new MarketError('MarketUnavailable', 'no connection');
    f.market.errors.set('slotState', error);
    const next = (await inMachine()) as SaleErrored;
    expect(next).toBeInstanceOf(SaleErrored);
    expect(next.error).toBe(error);
  });

  it('gives up when the sale left the state (an abort, not a failure)', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new SalePreparing().run(f.agent, controller.signal)).rejects.toSatisfy((e) =>
      isCancellation(e, controller.signal),
    );
  });

  it('starts watching the request expiry', async () => {
    await run();
    expect(f.agent.expiryWatcher).toBeDefined();
  });
});
