// The slot queue lives in memory; at start the engine looks back for requests that still wait for
// hosts and queues their slots again, so a restart does not forget open business.
import { afterEach, describe, expect, it } from 'vitest';
import { postRequest } from '../../../fakes/sim-scenarios';
import {
  advanceUntil,
  availabilityFor,
  byteInvariantViolations,
  salesOf,
  startHarness,
  type Harness,
} from '../../../fakes/sales-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const queued = (harness: Harness, requestId: string) =>
  harness.sales
    .queueSnapshot()
    .items.filter((item) => item.requestId === requestId)
    .map((item) => item.slotIndex)
    .sort();

describe('re-queueing open requests at start', () => {
  it('queues again the slots of a request posted while the engine was stopped', async () => {
    h = await startHarness({ sales: { sellingPaused: true } });
    await h.sales.stop();
    const open = await postRequest(h.sim, { slots: 3n }, 600n);
    await h.settle(); // the StorageRequested event is delivered, and missed, while stopped
    await h.sales.start();
    await h.settle();
    expect(queued(h, open)).toEqual([0n, 1n, 2n]);
  });

  it('leaves out requests that expired, and sells the open ones once there is room', async () => {
    h = await startHarness();
    await h.sales.stop();
    const expired = await postRequest(h.sim, { slots: 1n }, 30n);
    await h.advance(60);
    const open = await postRequest(h.sim, { slots: 2n }, 600n);
    await h.settle();
    h.sales.createAvailability(availabilityFor(2n));
    await h.sales.start();
    await advanceUntil(h, () => salesOf(h!, open).filter((s) => s.state === 'SaleProving').length === 2, 120);
    expect(salesOf(h, expired)).toEqual([]);
    expect(byteInvariantViolations(h)).toEqual([]);
  });

  it('looks back nowhere when the lookback is 0, as Codex does', async () => {
    h = await startHarness({ sales: { sellingPaused: true, timings: { requeueLookbackSeconds: 0 } } });
    await h.sales.stop();
    const open = await postRequest(h.sim, { slots: 2n }, 600n);
    await h.settle();
    await h.sales.start();
    await h.settle();
    expect(queued(h, open)).toEqual([]);
  });
});
