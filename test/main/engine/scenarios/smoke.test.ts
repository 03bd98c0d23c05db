import { afterEach, describe, expect, it } from 'vitest';
import {
  advanceUntil,
  availabilityFor,
  byteInvariantViolations,
  current,
  startHarness,
  statesOf,
  type Harness,
} from '../../../fakes/sales-harness';
import { postRequest } from '../../../../src-main/market/sim/scenarios';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('smoke', () => {
  it('sells all four slots of a request and gets paid', async () => {
    h = await startHarness({
      sales: {
        logger: {
          debug() {},
          info() {},
          warn: (m, c) => console.log('W', m, c),
          error: (m, c) => console.log('E', m, c),
        },
      },
    });
    const availability = h.sales.createAvailability(availabilityFor(4n));
    const before = h.sim.balanceOf(h.sim.hostAddress);
    const requestId = await postRequest(h.sim);
    await advanceUntil(h, () => h!.sim.contract.requestState(requestId) === 'Started', 200);
    const t0 = Date.now();
    await h.advanceTo(h.sim.state.requests.get(requestId)!.endsAt + 1);
    console.log('advance ms', Date.now() - t0);
    await advanceUntil(h, () => h!.sales.activeAgents.length === 0, 100);
    console.log(statesOf(h, requestId, 0n), h.sales.sale(h.sim.connect().slotId(requestId, 0n))?.sale);
    console.log(h.sim.balanceOf(h.sim.hostAddress) - before);
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
  });
});
