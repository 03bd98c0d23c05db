// docs/reference/marketplace.md §7.3: proofs missed (the validator slashes us), a slot freed after too many
// misses (Repair → SaleErrored, the collateral forfeited), and a repair fill by us of a slot a
// competitor abandoned (discounted collateral in, full collateral back). Balances and the byte
// invariant are checked at the end of each.
import { afterEach, describe, expect, it } from 'vitest';
import { fillSlots, postRequest } from '../../../fakes/sim-scenarios';
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

const pps = 8192n;
const cps = 2n * 8192n;
const slash = (cps * 20n) / 100n; // testConfig: slashPercentage 20
const validatorReward = (slash * 20n) / 100n;

/** Posts a one-slot request and waits until our sale proves it; returns the request and slot ids. */
async function provingOneSlot(duration = 400n): Promise<{ requestId: string; slotId: string; saleId: number }> {
  const requestId = await postRequest(h!.sim, { slots: 1n, duration });
  await advanceUntil(h!, () => h!.sales.activeAgents[0]?.state() === 'SaleProving', 60);
  const slotId = h!.sim.connect().slotId(requestId, 0n);
  return { requestId, slotId, saleId: salesOf(h!, requestId)[0]!.id };
}

/** Every proof of ours for the slot fails until the validator took it from us. */
async function missProofsUntilFreed(slotId: string): Promise<void> {
  h!.sim.contract.hooks.invalidSlots.add(slotId);
  await advanceUntil(h!, () => h!.sim.contract.slotState(slotId) === 'Repair', 200);
  h!.sim.contract.hooks.invalidSlots.delete(slotId);
}

describe('slashing and repair on the simulated market', () => {
  it('follows a missed proof: slashed, told, and paid the rest at the end', async () => {
    h = await startHarness();
    const availability = h.sales.createAvailability(availabilityFor(1n));
    const balance = hostBalance(h);
    const validator = h.sim.validator!.address;
    const validatorBefore = h.sim.balanceOf(validator);
    const { requestId, slotId, saleId } = await provingOneSlot();
    // Exactly our next proof fails (the verifier's fail-every-n hook, n large).
    h.sim.contract.hooks.failEveryN.set(h.sim.hostAddress, { n: 1_000_000, count: 1_000_000 - 1 });
    await advanceUntil(h, () => h!.sim.contract.missingProofs(slotId) === 1, 60);
    await advanceUntil(h, () => (h!.sales.saleById(saleId)?.sale.proofs.missed ?? 0) === 1, 30);
    const r = h.sim.state.requests.get(requestId)!;
    await h.advanceTo(r.endsAt + 1);
    await untilIdle(h);

    const sale = h.storage.history.getSale(saleId)!;
    const payout = BigInt(r.endsAt - sale.filledAt!) * pps;
    expect(sale).toMatchObject({ state: 'SaleFinished', slashed: slash, payout, collateralReturned: cps - slash });
    expect(sale.proofs.missed).toBe(1);
    expect(sale.proofs.submitted).toBeLessThan(sale.proofs.required);
    expect(outcomesOf(h).filter((o) => o.kind === 'proofs-missed')).toMatchObject([{ amount: slash }]);
    expect(h.sim.balanceOf(validator) - validatorBefore).toBe(validatorReward);
    expect(hostBalance(h) - balance).toBe(payout - slash);
    expect(current(h, availability)).toEqual({
      ...availability,
      totalRemainingCollateral: availability.totalCollateral - slash,
    });
    expect(byteInvariantViolations(h)).toEqual([]);
  });

  it('slot freed after too many missed proofs: Repair → SaleErrored, the whole collateral forfeited', async () => {
    h = await startHarness();
    const availability = h.sales.createAvailability(availabilityFor(1n));
    const balance = hostBalance(h);
    const { slotId, saleId } = await provingOneSlot();
    // The freed slot comes back to our queue; a disabled availability keeps us from repairing it here.
    h.sales.updateAvailability(availability.id, { enabled: false });
    await missProofsUntilFreed(slotId);
    await untilIdle(h);

    expect(h.sim.contract.slotState(slotId)).toBe('Repair');
    const sale = h.storage.history.getSale(saleId)!;
    expect(
      h.storage.history
        .steps(saleId)
        .map((s) => s.state)
        .slice(-2),
    ).toEqual(['SaleProving', 'SaleErrored']);
    expect(sale).toMatchObject({ error: 'Slot was forcibly freed', slashed: cps, proofs: { missed: 2 } });
    expect(
      outcomesOf(h)
        .filter((o) => o.kind === 'proofs-missed')
        .reduce((sum, o) => sum + o.amount!, 0n),
    ).toBe(cps);
    expect(hostBalance(h) - balance).toBe(-cps);
    const repairItem = h.sales.queueSnapshot().items.find((item) => item.slotIndex === 0n);
    expect(repairItem?.collateral).toBe(cps - cps / 10n);
    expect(current(h, availability)).toEqual({
      ...availability,
      enabled: false,
      totalRemainingCollateral: availability.totalCollateral - cps,
    });
    expect(byteInvariantViolations(h)).toEqual([]);
  });

  it('repairs a slot a competitor abandoned: pays the discounted collateral, gets the full one back', async () => {
    h = await startHarness();
    h.sales.pauseSelling();
    const requestId = await postRequest(h.sim, { slots: 2n, duration: 400n });
    await fillSlots(h.sim, requestId);
    await h.settle();
    const availability = h.sales.createAvailability(availabilityFor(1n));
    h.sales.resumeSelling();
    const balance = hostBalance(h);
    const slotId = h.sim.connect().slotId(requestId, 1n);
    const competitor = h.sim.contract.getHost(slotId);
    await h.sim.connect(competitor).freeSlot(slotId);
    await advanceUntil(h, () => h!.sim.contract.getHost(slotId) === h!.sim.hostAddress, 60);
    const r = h.sim.state.requests.get(requestId)!;
    await h.advanceTo(r.endsAt + 1);
    await untilIdle(h);

    const sale = salesOf(h, requestId).find((s) => s.filledAt !== undefined)!;
    const payout = BigInt(r.endsAt - sale.filledAt!) * pps;
    const discounted = cps - (cps * 10n) / 100n;
    expect(sale).toMatchObject({
      state: 'SaleFinished',
      slotIndex: 1n,
      collateral: discounted,
      payout,
      collateralReturned: cps,
    });
    expect(hostBalance(h) - balance).toBe(payout + cps - discounted);
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
  });
});
