// docs/reference/marketplace.md §7.3 against the simulator: initial proving, filling, proving with proofs
// submitted, payout → finished, cancelled, failed, downloading → errored, filling → ignored, and a
// slot filled by someone else while we download. Each ends with token balances and the byte invariant.
import { afterEach, describe, expect, it } from 'vitest';
import type { SlotDataSource } from '../../../../src-main/engine/index';
import { failRequest, fillSlots, postRequest, reserveAndFill } from '../../../fakes/sim-scenarios';
import {
  advanceUntil,
  availabilityFor,
  byteInvariantViolations,
  current,
  hostBalance,
  outcomesOf,
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

const KiB8 = 8192n;
const pps = KiB8; // pricePerBytePerSecond 1 × slotSize
const cps = 2n * KiB8; // collateralPerByte 2 × slotSize
const fullSale = [
  'SalePreparing',
  'SaleSlotReserving',
  'SaleDownloading',
  'SaleInitialProving',
  'SaleFilling',
  'SaleFilled',
  'SaleProving',
  'SalePayout',
  'SaleFinished',
];

function timeline(saleId: number): string[] {
  return h!.storage.history.steps(saleId).map((step) => step.state);
}

function ended(): boolean {
  return h!.sales.activeAgents.length === 0;
}

describe('selling on the simulated market', () => {
  it('carries every slot through initial proving, filling and proving to SalePayout → SaleFinished', async () => {
    h = await startHarness();
    const availability = h.sales.createAvailability(availabilityFor(4n));
    const balance = hostBalance(h);
    const requestId = await postRequest(h.sim, { duration: 600n });
    await advanceUntil(h, () => h!.sim.contract.requestState(requestId) === 'Started', 120);
    const r = h.sim.state.requests.get(requestId)!;
    await h.advanceTo(r.endsAt + 1);
    await untilIdle(h);

    const sales = salesOf(h, requestId);
    expect(sales).toHaveLength(4);
    const filledAt = new Map(
      h.sim.history('SlotFilled', { fromBlock: 0 }).map((e) => [e.slotIndex, e.timestamp] as const),
    );
    let paid = 0n;
    for (const sale of sales) {
      expect(timeline(sale.id)).toEqual(fullSale);
      expect(sale.filledAt).toBe(filledAt.get(sale.slotIndex));
      const payout = BigInt(r.endsAt - sale.filledAt!) * pps;
      expect(sale).toMatchObject({ payout, collateralReturned: cps, downloadedBytes: KiB8, endedAt: r.endsAt + 1 });
      expect(sale.proofs.submitted).toBe(sale.proofs.required);
      expect(sale.proofs.required).toBeGreaterThan(40);
      expect(sale.proofs.missed).toBe(0);
      paid += payout;
    }
    expect(hostBalance(h) - balance).toBe(paid);
    expect(h.sales.earnings()).toEqual({ paid, expected: 0n, collateralLocked: 0n });
    expect(outcomesOf(h).filter((o) => o.kind === 'slot-won')).toHaveLength(4);
    expect(
      outcomesOf(h)
        .filter((o) => o.kind === 'payout')
        .map((o) => o.amount),
    ).toEqual(expect.arrayContaining(sales.map((s) => s.payout)));
    expect(current(h, availability)).toEqual(availability);
    expect(h.storage.repo.listSlots()).toEqual([]);
    expect(byteInvariantViolations(h)).toEqual([]);
  });

  it('SaleDownloading → SaleErrored when the client stops serving its data', async () => {
    h = await startHarness();
    const availability = h.sales.createAvailability(availabilityFor(1n));
    const balance = hostBalance(h);
    h.sales.pauseSelling();
    const requestId = await postRequest(h.sim, { slots: 1n });
    h.sim.content.unavailable.add(requestId);
    h.sales.resumeSelling();
    await untilIdle(h);
    const [sale] = salesOf(h, requestId);
    expect(sale).toMatchObject({ state: 'SaleErrored' });
    expect(sale!.error).toMatch(/is unavailable: the client stopped serving it/);
    expect(timeline(sale!.id)).toEqual(['SalePreparing', 'SaleSlotReserving', 'SaleDownloading', 'SaleErrored']);
    expect(outcomesOf(h).map((o) => o.kind)).toEqual(['sale-errored']);
    expect(hostBalance(h)).toBe(balance);
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
  });

  it('SaleFilling → SaleIgnored when a competitor fills the slot first; the collateral was never taken', async () => {
    h = await startHarness();
    const sim = h.sim;
    const availability = h.sales.createAvailability(availabilityFor(1n));
    const balance = hostBalance(h);
    h.sales.on((event) => {
      if (event.type === 'sale-state-changed' && event.sale.state === 'SaleInitialProving') {
        void reserveAndFill(sim, sim.actor('competitor', 1), event.sale.requestId, event.sale.slotIndex);
      }
    });
    const requestId = await postRequest(h.sim, { slots: 1n });
    await untilIdle(h);
    const [sale] = salesOf(h, requestId);
    expect(sale).toMatchObject({ state: 'SaleIgnored', ignoredReason: 'slot-filled-by-other', downloadedBytes: KiB8 });
    expect(timeline(sale!.id).slice(-3)).toEqual(['SaleInitialProving', 'SaleFilling', 'SaleIgnored']);
    expect(hostBalance(h)).toBe(balance);
    expect(current(h, availability)).toEqual(availability);
    expect(h.storage.repo.listSlots()).toEqual([]);
    expect(byteInvariantViolations(h)).toEqual([]);
  });

  it('SaleDownloading → SaleFilled → SaleErrored when someone else fills the slot while we download', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h = await startHarness({
      dataSource: (content): SlotDataSource => ({
        canRepair: content.canRepair,
        dataset: async (slot, signal) => gate.then(() => content.dataset(slot, signal)),
      }),
    });
    const availability = h.sales.createAvailability(availabilityFor(1n));
    const balance = hostBalance(h);
    const requestId = await postRequest(h.sim, { slots: 1n });
    await advanceUntil(h, () => h!.sales.activeAgents[0]?.state() === 'SaleDownloading', 10);
    await reserveAndFill(h.sim, h.sim.actor('competitor', 2), requestId, 0n);
    await untilIdle(h);
    release();
    const [sale] = salesOf(h, requestId);
    expect(timeline(sale!.id)).toEqual([
      'SalePreparing',
      'SaleSlotReserving',
      'SaleDownloading',
      'SaleFilled',
      'SaleErrored',
    ]);
    expect(sale).toMatchObject({ error: 'Slot filled by other host', ignoredReason: 'slot-filled-by-other' });
    expect(outcomesOf(h)).toEqual([]);
    expect(hostBalance(h)).toBe(balance);
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
  });

  it('SaleCancelled when the request expires with a slot we filled: partial payout and collateral back', async () => {
    h = await startHarness();
    const availability = h.sales.createAvailability(availabilityFor(1n));
    const balance = hostBalance(h);
    const requestId = await postRequest(h.sim, { slots: 2n });
    const r = h.sim.state.requests.get(requestId)!;
    await advanceUntil(h, () => salesOf(h!, requestId).some((s) => s.state === 'SaleProving'), 60);
    await h.advanceTo(r.expiresAt + 2);
    await untilIdle(h);
    const mine = salesOf(h, requestId).find((s) => s.filledAt !== undefined)!;
    const payout = BigInt(r.expiresAt - mine.filledAt!) * pps;
    expect(timeline(mine.id).slice(-2)).toEqual(['SaleProving', 'SaleCancelled']);
    expect(mine).toMatchObject({ payout, collateralReturned: cps });
    expect(outcomesOf(h).filter((o) => o.kind === 'request-cancelled')).toMatchObject([{ amount: payout }]);
    expect(hostBalance(h) - balance).toBe(payout);
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
  });

  it('SaleFailed when the started request loses too many slots: the collateral is forfeited', async () => {
    h = await startHarness();
    const availability = h.sales.createAvailability(availabilityFor(1n));
    const balance = hostBalance(h);
    const requestId = await postRequest(h.sim, { slots: 4n, maxSlotLoss: 1n });
    await advanceUntil(h, () => salesOf(h!, requestId).some((s) => s.state === 'SaleProving'), 60);
    const mine = salesOf(h, requestId).find((s) => s.state === 'SaleProving')!;
    const others = [0n, 1n, 2n, 3n].filter((i) => i !== mine.slotIndex);
    await fillSlots(h.sim, requestId, others);
    await h.settle();
    expect(h.sim.contract.requestState(requestId)).toBe('Started');
    await failRequest(h.sim, requestId, [mine.slotIndex]);
    await untilIdle(h);
    const sale = h.storage.history.getSale(mine.id)!;
    expect(timeline(mine.id).slice(-3)).toEqual(['SaleProving', 'SaleFailed', 'SaleErrored']);
    expect(sale).toMatchObject({ error: 'Sale failed', slashed: cps, collateralReturned: 0n });
    expect(outcomesOf(h).filter((o) => o.kind === 'request-failed')).toMatchObject([{ amount: cps }]);
    expect(outcomesOf(h).some((o) => o.kind === 'sale-errored')).toBe(false);
    expect(hostBalance(h) - balance).toBe(-cps);
    expect(current(h, availability)).toEqual({
      ...availability,
      totalRemainingCollateral: availability.totalCollateral - cps,
    });
    expect(byteInvariantViolations(h)).toEqual([]);
    expect(ended()).toBe(true);
  });
});
