// Issue 15's alerts through the real engine on the simulated market (no competitors, real storage):
// a slot that misses proofs is slashed and then taken away, a sale that errors, and both listed
// through the api the dashboard uses, counted, and dismissed.
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertDto, SnapshotDto } from '../../../../src-main/api/dto';
import { createSalesReadModel } from '../../../../src-main/api/read-model/read-model';
import { createApi, type RunningApi } from '../../../../src-main/api/service';
import { postRequest } from '../../../fakes/sim-scenarios';
import { MemorySettings } from '../../../fakes/sales-source';
import { advanceUntil, availabilityFor, startHarness, untilIdle, type Harness } from '../../../fakes/sales-harness';

let h: Harness | undefined;
let api: RunningApi | undefined;
let closeSource: (() => void) | undefined;
afterEach(async () => {
  api?.close();
  closeSource?.();
  await h?.dispose();
  h = api = closeSource = undefined;
});

/** The api over the harness's engine and its alert store, as compose/ builds it. */
function serve(harness: Harness): RunningApi {
  const source = createSalesReadModel({
    sales: harness.sales,
    repo: harness.storage.repo,
    clock: harness.sim.clock,
    wallet: harness.wallet,
    marketKind: 'sim',
    refreshMs: 60_000,
  });
  closeSource = () => source.close();
  api = createApi({
    host: 'headless',
    version: 't',
    source,
    settings: new MemorySettings(),
    alerts: harness.storage.alerts,
    tickIntervalMs: 60_000,
  });
  return api;
}

async function listed(server: RunningApi, args: object = {}): Promise<AlertDto[]> {
  const result = await server.invoke('alerts.list', args);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as AlertDto[];
}

const cps = 2n * 8192n;
const slash = (cps * 20n) / 100n; // testConfig: slashPercentage 20

describe('alerts from the engine on the simulated market', () => {
  it('raises a slot’s missed proofs as they are slashed, then as critical when the slot is taken away', async () => {
    h = await startHarness();
    const server = serve(h);
    const availability = h.sales.createAvailability(availabilityFor(1n));
    const requestId = await postRequest(h.sim, { slots: 1n, duration: 400n });
    await advanceUntil(h, () => h!.sales.activeAgents[0]?.state() === 'SaleProving', 60);
    const slotId = h.sim.connect().slotId(requestId, 0n);
    // Keep the freed slot from being repaired by us, so the story ends with its loss.
    h.sales.updateAvailability(availability.id, { enabled: false });
    h.sim.contract.hooks.invalidSlots.add(slotId);
    await advanceUntil(h, () => (h!.storage.alerts.list()[0]?.count ?? 0) >= 1, 200);

    const first = await listed(server);
    expect(first).toMatchObject([
      {
        key: `proofs-missed:${slotId}`,
        category: 'proofs',
        severity: 'error',
        state: 'active',
        slotId,
        data: { missed: 1, slashed: slash.toString(), requestId, slotIndex: 0 },
      },
    ]);
    const snapshot = await server.invoke('live.snapshot', {});
    expect(snapshot.ok && (snapshot.value as SnapshotDto)).toMatchObject({ attention: 1, selling: 'attention' });

    await advanceUntil(h, () => h!.sim.contract.slotState(slotId) === 'Repair', 200);
    h.sim.contract.hooks.invalidSlots.delete(slotId);
    await untilIdle(h);
    const [lost] = await listed(server);
    expect(lost).toMatchObject({
      key: `proofs-missed:${slotId}`,
      severity: 'critical',
      data: { slashed: cps.toString(), missed: 2 },
      count: 2,
      firstSeen: first[0]!.firstSeen,
    });
    expect(lost!.message).toMatch(/^Slot 0 of request 0x[0-9a-f]{6}…[0-9a-f]{4} was taken away after 2 missed proofs/);
    // SaleErrored says nothing more: the slot's alert told the loss already.
    expect(await listed(server, { categories: ['sales'] })).toEqual([]);
  });

  it('raises an errored sale, counts the next one of the same kind, and lets the operator dismiss it', async () => {
    h = await startHarness();
    const server = serve(h);
    h.sales.createAvailability(availabilityFor(2n));
    h.sales.pauseSelling();
    const requests = [await postRequest(h.sim, { slots: 1n }), await postRequest(h.sim, { slots: 1n })];
    for (const requestId of requests) h.sim.content.unavailable.add(requestId);
    h.sales.resumeSelling();
    await untilIdle(h);

    const [alert] = await listed(server);
    expect(alert).toMatchObject({ category: 'sales', severity: 'error', state: 'active', count: 2 });
    expect(alert!.key).toMatch(/^sale-errored:/);
    expect(alert!.message).toMatch(/the client stopped serving it/);
    expect(requests.map((r) => h!.sim.connect().slotId(r, 0n))).toContain(alert!.slotId);

    expect(await server.invoke('alerts.dismiss', { id: alert!.id })).toMatchObject({ ok: true });
    expect(await listed(server)).toEqual([]);
    expect(h.storage.alerts.attention()).toBe(0);
  });
});
