// docs/reference/marketplace.md §7.3 "SaleUnknown after restart": the engine and the simulated chain stop in
// the middle of sales and start again from their SQLite files. Slots we hold resume in SaleUnknown
// with their reservation re-attached and run to payout; sales cut short before filling are closed
// and give their bytes and collateral back.
import { afterEach, describe, expect, it } from 'vitest';
import type { SlotDataSource } from '../../../../src-main/engine/index';
import { postRequest } from '../../../fakes/sim-scenarios';
import {
  advanceUntil,
  availabilityFor,
  byteInvariantViolations,
  current,
  hostBalance,
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

describe('restart', () => {
  it('restores held slots in SaleUnknown and carries them to payout; drops the rest', async () => {
    // Downloads of the second request hang, so it is mid-download when the engine stops.
    const stall = (content: SlotDataSource): SlotDataSource => ({
      canRepair: content.canRepair,
      dataset: async (slot, signal) => {
        const dataset = await content.dataset(slot, signal);
        return slot.requestId === stalled ? { ...dataset, fetchBlocks: () => new Promise(() => {}) } : dataset;
      },
    });
    let stalled = '';
    h = await startHarness({ dataSource: stall });
    const availability = h.sales.createAvailability(availabilityFor(3n));
    const balance = hostBalance(h);
    const held = await postRequest(h.sim, { slots: 2n, duration: 400n });
    await advanceUntil(h, () => salesOf(h!, held).filter((s) => s.state === 'SaleProving').length === 2, 60);
    h.sales.pauseSelling();
    const cut = await postRequest(h.sim, { slots: 1n, duration: 400n });
    stalled = cut;
    h.sales.resumeSelling();
    await advanceUntil(h, () => salesOf(h!, cut)[0]?.state === 'SaleDownloading', 10);
    const dataDir = h.dataDir;
    await h.dispose({ keep: true });

    h = await startHarness({ dataDir });
    expect(h.sales.activeAgents.map((a) => a.data.reservation !== undefined)).toEqual([true, true]);
    expect(h.storage.reservations.listReservations()).toHaveLength(2);
    const [cutSale] = salesOf(h, cut);
    expect(cutSale).toMatchObject({
      state: 'SaleErrored',
      error: 'Sale interrupted by a restart before the slot was filled',
    });
    expect(byteInvariantViolations(h)).toEqual([]);

    const r = h.sim.state.requests.get(held)!;
    await h.advanceTo(r.endsAt + 1);
    await untilIdle(h);
    let paid = 0n;
    for (const sale of salesOf(h, held)) {
      const steps = h.storage.history.steps(sale.id).map((s) => s.state);
      expect(steps.slice(-6)).toEqual([
        'SaleProving',
        'SaleUnknown',
        'SaleFilled',
        'SaleProving',
        'SalePayout',
        'SaleFinished',
      ]);
      expect(sale.state).toBe('SaleFinished');
      paid += sale.payout!;
    }
    expect(hostBalance(h) - balance).toBe(paid);
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
  });
});
