import { afterEach, describe, expect, it } from 'vitest';
import { ContentUnavailableError } from '../../../../src-main/engine/index';
import { MarketSimulator, slotIdOf, testConfig } from '../../../../src-main/market/index';
import { datasetRoot, SlotTree } from '../../../../src-main/proofs/sha256-merkle/index';
import { postRequest, quietSimulator, readSlot } from '../../../fakes/sim-market';

let sim: MarketSimulator;
afterEach(() => sim?.close());

const busy = (options: ConstructorParameters<typeof MarketSimulator>[0] = {}) =>
  new MarketSimulator({ clock: 'manual', config: testConfig, ...options });

describe('simulated clients', () => {
  it('post requests at the configured rate, the same ones for the same seed', async () => {
    const run = async (seed: number) => {
      sim = busy({ seed, clientRate: 60, competitors: 0, clientAsk: { slotSize: 8192n } });
      const ids: string[] = [];
      sim.events.subscribe('StorageRequested', (e) => ids.push(e.requestId));
      await sim.advance(3600);
      sim.close();
      return ids;
    };
    const a = await run(3);
    expect(a.length).toBeGreaterThan(35);
    expect(a.length).toBeLessThan(90);
    expect(await run(3)).toEqual(a);
  });

  it('post a realistic mix of asks the contract accepts', async () => {
    sim = busy({ clientRate: 120, competitors: 0 });
    await sim.advance(900);
    const requests = [...sim.state.requests.values()].map((r) => r.request);
    expect(requests.length).toBeGreaterThan(10);
    for (const { ask, expiry } of requests) {
      expect(ask.slotSize).toBeGreaterThanOrEqual(256n * 1024n);
      expect(ask.slotSize).toBeLessThanOrEqual(8n * 1024n * 1024n);
      expect(expiry).toBeLessThan(ask.duration);
      expect(ask.maxSlotLoss).toBeLessThanOrEqual(ask.slots);
    }
    expect(new Set(requests.map((r) => r.ask.slotSize)).size).toBeGreaterThan(2);
    expect(new Set(requests.map((r) => r.ask.duration)).size).toBeGreaterThan(2);
  });

  it('post nothing when the rate is 0 and there are no competitors: a quiet market', async () => {
    sim = busy({ clientRate: 0, competitors: 0 });
    await sim.advance(3600);
    expect(sim.state.requests.size).toBe(0);
    expect(sim.clock.pendingTimers).toBe(0);
  });

  it('serve reproducible slot data, block by block, whose roots match the request content', async () => {
    sim = quietSimulator();
    const slotSize = 150_000n; // two full blocks and a short one
    const id = await postRequest(sim, { slots: 3n, slotSize });
    const request = sim.state.requests.get(id)!.request;
    const dataset = await sim.content.dataset({ requestId: id, request, slotIndex: 0n });
    expect(dataset.blockCount).toBe(3);
    expect('0x' + Buffer.from(dataset.verifyRoot).toString('hex')).toBe(request.content.merkleRoot);
    expect(datasetRoot([...dataset.slotRoots])).toEqual(dataset.verifyRoot);
    for (const slot of [0n, 2n]) {
      const bytes = await readSlot(sim, id, slot);
      expect(SlotTree.fromData(bytes).root).toEqual(dataset.slotRoots[Number(slot)]);
      expect(Buffer.from(await readSlot(sim, id, slot))).toEqual(Buffer.from(bytes));
    }
    expect(Buffer.from(await readSlot(sim, id, 1n))).not.toEqual(Buffer.from(await readSlot(sim, id, 0n)));
  });

  it('stop serving content when told to, and never serve requests they did not post', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    sim.content.unavailable.add(id);
    await expect(readSlot(sim, id, 0n)).rejects.toBeInstanceOf(ContentUnavailableError);
    await expect(sim.content.slotRoots('0x' + '00'.repeat(32))).rejects.toBeInstanceOf(ContentUnavailableError);
  });
});

describe('competitor hosts', () => {
  it('reserve and fill the slots of new requests', async () => {
    sim = busy({
      clientRate: 0,
      competitors: 3,
      competitorBehaviour: { reserveChance: 1, fillChance: 1, skipProofChance: 0, abandonChance: 0 },
    });
    const fulfilled: string[] = [];
    sim.events.subscribe('RequestFulfilled', (e) => fulfilled.push(e.requestId));
    const id = await postRequest(sim);
    await sim.advance(200);
    expect(fulfilled).toEqual([id]);
    expect(
      sim.requestSummary(id)!.slots.every((s) => s.state === 'Filled' && sim.competitorAddresses.has(s.host!)),
    ).toBe(true);
  });

  it('take every reservation place when all three want a slot', async () => {
    sim = busy({
      clientRate: 0,
      competitors: 3,
      competitorBehaviour: { reserveChance: 1, fillChance: 0, skipProofChance: 0, abandonChance: 0 },
    });
    const full: bigint[] = [];
    sim.events.subscribe('SlotReservationsFull', (e) => full.push(e.slotIndex));
    const id = await postRequest(sim, { slots: 2n });
    await sim.advance(60);
    expect(full.sort()).toEqual([0n, 1n]);
    expect(await sim.connect().canReserveSlot(id, 0n)).toBe(false);
  });

  it('abandon filled slots, which go to repair and get refilled', async () => {
    sim = busy({
      clientRate: 0,
      competitors: 3,
      competitorBehaviour: { reserveChance: 1, fillChance: 1, skipProofChance: 0, abandonChance: 0.2 },
    });
    const freed: string[] = [];
    sim.events.subscribe('SlotFreed', (e) => freed.push(`${e.requestId}:${e.slotIndex}`));
    const id = await postRequest(sim, { slots: 4n, maxSlotLoss: 4n, duration: 3600n });
    await sim.advance(1800);
    expect(freed.length).toBeGreaterThan(0);
    expect(sim.contract.requestState(id)).toBe('Started');
    expect(sim.solvency().ok).toBe(true);
  });

  it('skip proofs when sloppy, so the validator slashes them', async () => {
    sim = busy({
      clientRate: 0,
      competitors: 1,
      competitorBehaviour: { reserveChance: 1, fillChance: 1, skipProofChance: 1, abandonChance: 0 },
    });
    const id = await postRequest(sim, { slots: 1n, maxSlotLoss: 0n });
    await sim.advance(600);
    expect(sim.contract.slotState(slotIdOf(id, 0n))).toBe('Failed'); // its only slot freed: the request failed
    expect(sim.balanceOf(sim.validator!.address)).toBeGreaterThan(0n);
  });
});

describe('a living market', () => {
  // Hours of chain time with every actor: about 10 s alone on a loaded 2-core machine, more beside other files.
  it('stays solvent through hours of clients, sloppy and fickle competitors and the validator', async () => {
    sim = busy({
      seed: 11,
      clientRate: 30,
      competitors: 4,
      clientAsk: { slotSize: 4096n, duration: 1800n },
      competitorBehaviour: { reserveChance: 0.6, fillChance: 0.8, skipProofChance: 0.1, abandonChance: 0.01 },
    });
    const seen = new Set<string>();
    for (const name of ['RequestFulfilled', 'RequestFailed', 'RequestCancelled', 'SlotFreed'] as const) {
      sim.events.subscribe(name, () => seen.add(name));
    }
    for (let minute = 0; minute < 180; minute += 10) {
      await sim.advance(600);
      expect(sim.solvency().ok).toBe(true);
    }
    expect(seen).toEqual(new Set(['RequestFulfilled', 'RequestFailed', 'RequestCancelled', 'SlotFreed']));
  }, 120_000);

  it('moves on its own in real time at the speed factor', async () => {
    sim = new MarketSimulator({ clock: 'realtime', speed: 1200, config: testConfig, clientRate: 120, competitors: 3 });
    const start = sim.now();
    await new Promise((r) => setTimeout(r, 600));
    expect(sim.now() - start).toBeGreaterThanOrEqual(600);
    expect(sim.state.requests.size).toBeGreaterThan(0);
  });
});
