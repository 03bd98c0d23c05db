// Intake: a queue worker decides (finds an availability, reserves bytes and the slot on chain) and is
// then free again, so waiting for the proof period no longer caps how many slots a host takes. The
// bounds that replace the held worker are explicit: sales in progress before their fill, downloads,
// and proofs built at once. Each test ends with the byte and collateral invariants.
import { afterEach, describe, expect, it } from 'vitest';
import type { SlotDataSource } from '../../../../src-main/engine/index';
import { postRequest } from '../../../fakes/sim-scenarios';
import {
  advanceUntil,
  availabilityFor,
  byteInvariantViolations,
  current,
  startHarness,
  untilIdle,
  type Harness,
} from '../../../fakes/sales-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const preFill = new Set(['SalePreparing', 'SaleSlotReserving', 'SaleDownloading', 'SaleInitialProving', 'SaleFilling']);

/** Sales started per slot of these requests (every sale that was tried, won or not). */
function tried(requests: readonly string[]): number {
  const ids = new Set(requests);
  return new Set(h!.sales.sales().flatMap((s) => (ids.has(s.requestId) ? [s.slotId] : []))).size;
}

function won(requests: readonly string[]): number {
  const ids = new Set(requests);
  return h!.sales.sales().filter((s) => ids.has(s.requestId) && s.filledAt !== undefined).length;
}

describe('intake', () => {
  it('tries every slot of a burst before the requests expire, not three per proof period', async () => {
    // 3 workers (Codex's default), 10 s periods: a worker held until its fill takes ~3 slots a period,
    // so about 13 of these 24 slots before the requests expire at 45 s.
    h = await startHarness({ sales: { queue: { maxWorkers: 3 } } });
    const availability = h.sales.createAvailability(availabilityFor(24n));
    h.sales.pauseSelling();
    const requests: string[] = [];
    for (let i = 0; i < 6; i++) requests.push(await postRequest(h.sim, { slots: 4n, duration: 600n }, 45n));
    h.sales.resumeSelling();
    await h.advance(46);
    expect(tried(requests)).toBe(24);
    expect(won(requests)).toBe(24);
    await untilIdle(h);
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
    // Every slot is a real Codex dataset hashed on the pool: give a loaded 2-core machine time.
  }, 120_000);

  it('holds at most maxInProgress sales between taking a slot and filling it', async () => {
    h = await startHarness({ sales: { queue: { maxWorkers: 3, maxInProgress: 5 } } });
    const availability = h.sales.createAvailability(availabilityFor(12n));
    let peak = 0;
    h.sales.on((event) => {
      if (event.type !== 'sale-state-changed') return;
      const unfilled = h!.sales.activeAgents.filter((a) => preFill.has(a.state() ?? ''));
      peak = Math.max(peak, unfilled.length, h!.sales.queueSnapshot().processing);
    });
    h.sales.pauseSelling();
    const requests: string[] = [];
    for (let i = 0; i < 3; i++) requests.push(await postRequest(h.sim, { slots: 4n, duration: 600n }, 200n));
    h.sales.resumeSelling();
    await advanceUntil(h, () => won(requests) === 12, 200);
    expect(peak).toBe(5);
    expect(h.sales.queueSnapshot().processing).toBe(0);
    await untilIdle(h);
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
  }, 120_000);

  it('downloads at most maxConcurrentDownloads slots at once, however many sales are in progress', async () => {
    let downloading = 0;
    let peak = 0;
    const counting = (content: SlotDataSource): SlotDataSource => ({
      canRepair: content.canRepair,
      dataset: async (slot, signal) => {
        const dataset = await content.dataset(slot, signal);
        return {
          ...dataset,
          fetchBlocks: async (indices, sink, s) => {
            peak = Math.max(peak, ++downloading);
            try {
              // Each download waits (bounded) for another to start, so downloads overlap whenever the
              // engine allows it: a fast machine would otherwise finish one before the next begins.
              for (let i = 0; i < 2_000 && downloading < 2; i++) await new Promise((resolve) => setImmediate(resolve));
              await dataset.fetchBlocks(indices, sink, s);
            } finally {
              downloading--;
            }
          },
        };
      },
    });
    h = await startHarness({
      dataSource: counting,
      sales: { queue: { maxWorkers: 3, maxInProgress: 12 }, timings: { maxConcurrentDownloads: 2 } },
    });
    const availability = h.sales.createAvailability(availabilityFor(12n));
    h.sales.pauseSelling();
    const requests: string[] = [];
    for (let i = 0; i < 3; i++) requests.push(await postRequest(h.sim, { slots: 4n, duration: 600n }, 200n));
    h.sales.resumeSelling();
    await advanceUntil(h, () => won(requests) === 12, 200);
    expect(peak).toBe(2);
    await untilIdle(h);
    expect(current(h, availability)).toEqual(availability);
    expect(byteInvariantViolations(h)).toEqual([]);
  }, 120_000);
});
