// docs/reference/marketplace.md §7.3: SalePreparing → SaleIgnored for each reason, and reservations full.
// Every scenario ends with the host's balance untouched and the byte invariant holding.
import { afterEach, describe, expect, it } from 'vitest';
import type { IgnoredReason, NewAvailability } from '../../../../src-main/engine/index';
import { TRUSTED_PROOF } from '../../../../src-main/market/index';
import { advanceToExpiry, postRequest } from '../../../fakes/sim-scenarios';
import {
  availabilityFor,
  byteInvariantViolations,
  current,
  hostBalance,
  postUnserved,
  salesOf,
  startHarness,
  untilIdle,
  type Harness,
} from '../../../fakes/sales-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

/** Posts the small ask, lets the engine consider every slot, and returns the reasons recorded. */
async function reasonsFor(availability: NewAvailability | undefined): Promise<Set<IgnoredReason | undefined>> {
  h = await startHarness();
  const created = availability && h.sales.createAvailability(availability);
  const balance = hostBalance(h);
  const requestId = await postRequest(h.sim);
  await untilIdle(h);
  expect(h.sales.queueSnapshot()).toMatchObject({ paused: true, items: { length: 4 } });
  expect(hostBalance(h)).toBe(balance);
  if (created) expect(current(h, created)).toEqual(created);
  expect(byteInvariantViolations(h)).toEqual([]);
  const sales = salesOf(h, requestId);
  expect(sales.every((sale) => sale.state === 'SaleIgnored')).toBe(true);
  return new Set(sales.map((sale) => sale.ignoredReason));
}

describe('SalePreparing → SaleIgnored', () => {
  it.each<[IgnoredReason, NewAvailability | undefined]>([
    ['no-availability', undefined],
    ['price-too-low', availabilityFor(4n, { minPricePerBytePerSecond: 2n })],
    ['slot-too-big', availabilityFor(4n, { totalSize: 4096n })],
    ['duration-too-long', availabilityFor(4n, { duration: 600n })],
    ['collateral-too-high', availabilityFor(4n, { totalCollateral: 8192n * 4n })],
    ['until-too-early', availabilityFor(4n, { until: 1_700_000_000 + 600 })],
    ['availability-disabled', availabilityFor(4n, { enabled: false })],
  ])('records %s', async (reason, availability) => {
    expect(await reasonsFor(availability)).toEqual(new Set([reason]));
  });

  it('records slot-not-free when someone fills the slot as we start on it', async () => {
    h = await startHarness();
    const sim = h.sim;
    h.sales.createAvailability(availabilityFor(4n));
    const competitor = sim.actor('competitor', 1);
    let filled: bigint | undefined;
    h.sales.on((event) => {
      if (event.type !== 'sale-state-changed' || event.sale.state !== 'SalePreparing' || filled !== undefined) return;
      filled = event.sale.slotIndex;
      sim.contract.reserveSlot(competitor, event.sale.requestId, filled);
      sim.mint(competitor, 2n * 8192n);
      void sim.connect(competitor).fillSlot(event.sale.requestId, filled, TRUSTED_PROOF, 2n * 8192n);
    });
    const balance = hostBalance(h);
    const requestId = await postRequest(h.sim, { slots: 1n });
    await untilIdle(h);
    expect(salesOf(h, requestId).map((s) => [s.state, s.ignoredReason])).toEqual([['SaleIgnored', 'slot-not-free']]);
    expect(hostBalance(h)).toBe(balance);
    expect(byteInvariantViolations(h)).toEqual([]);
  });

  it('records request-expired for a slot of a request that expired while it waited', async () => {
    h = await startHarness();
    const availability = h.sales.createAvailability(availabilityFor(4n));
    h.sales.pauseSelling();
    const requestId = await postUnserved(h, { slots: 2n });
    await advanceToExpiry(h.sim, requestId);
    h.sales.resumeSelling();
    await untilIdle(h);
    expect(new Set(salesOf(h, requestId).map((s) => s.ignoredReason))).toEqual(new Set(['request-expired']));
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
  });
});

describe('reservations full', () => {
  it('drops a slot from the queue once SlotReservationsFull is emitted', async () => {
    h = await startHarness();
    h.sales.pauseSelling();
    const requestId = await postRequest(h.sim, { slots: 2n });
    await h.settle();
    for (let i = 0; i < 3; i++) await h.sim.connect(h.sim.actor('competitor', 100 + i)).reserveSlot(requestId, 1n);
    await h.settle();
    expect(h.sales.queueSnapshot().items.map((item) => item.slotIndex)).toEqual([0n]);
    const availability = h.sales.createAvailability(availabilityFor(2n));
    const balance = hostBalance(h);
    h.sales.resumeSelling();
    await untilIdle(h);
    // Only slot 0 was sold; slot 1 never reached a worker, so the request expired: partial payout.
    const sales = salesOf(h, requestId);
    expect(sales.map((s) => [s.slotIndex, s.state])).toEqual([[0n, 'SaleCancelled']]);
    expect(hostBalance(h) - balance).toBe(sales[0]!.payout);
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
  });

  it('ignores a slot whose reservations filled up while it was being prepared, returning its collateral', async () => {
    h = await startHarness();
    const sim = h.sim;
    const availability = h.sales.createAvailability(availabilityFor(1n));
    h.sales.on((event) => {
      if (event.type !== 'sale-state-changed' || event.sale.state !== 'SalePreparing') return;
      for (let i = 0; i < 3; i++)
        sim.contract.reserveSlot(sim.actor('competitor', 200 + i), event.sale.requestId, event.sale.slotIndex);
    });
    const balance = hostBalance(h);
    const requestId = await postRequest(h.sim, { slots: 1n });
    await untilIdle(h);
    const [sale] = salesOf(h, requestId);
    expect(sale).toMatchObject({ state: 'SaleIgnored', ignoredReason: 'reservations-full' });
    expect(h.storage.history.steps(sale!.id).map((s) => s.state)).toEqual([
      'SalePreparing',
      'SaleSlotReserving',
      'SaleIgnored',
    ]);
    expect(current(h, availability)).toEqual(availability);
    expect(hostBalance(h)).toBe(balance);
    expect(byteInvariantViolations(h)).toEqual([]);
  });
});
