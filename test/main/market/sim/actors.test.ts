import { afterEach, describe, expect, it } from 'vitest';
import { ContentUnavailableError } from '../../../../src-main/engine/index';
import { MarketSimulator, slotIdOf, testConfig, type SimulatorOptions } from '../../../../src-main/market/index';
import { datasetShape } from '../../../../src-main/market/sim/content';
import { Rng } from '../../../../src-main/market/sim/rng';
import {
  blocksOfSlotSize,
  buildSlotTree,
  datasetRoot,
  fieldFromBytes,
  fieldToBytes,
  slotRootBytes,
} from '../../../../src-main/proofs/codex/index';
import { postRequest, quietSimulator, readSlot } from '../../../fakes/sim-market';
import { eventually } from '../../../fakes/eventually';
import { testHasher } from '../../../fakes/test-hasher';

let sim: MarketSimulator;
afterEach(() => sim?.close());

const busy = (options: Partial<SimulatorOptions> = {}) =>
  new MarketSimulator({ clock: 'manual', config: testConfig, hasher: testHasher(), ...options });
const BLOCK = 65_536;
const field = (bytes: Uint8Array) => {
  const value = fieldFromBytes(bytes);
  if (!value.ok) throw new Error(value.message);
  return value.value;
};

describe('simulated clients', () => {
  it('post requests at the configured rate, the same ones for the same seed', async () => {
    const run = async (seed: number) => {
      sim = busy({ seed, clientRate: 60, competitors: 0, clientAsk: { slotSize: 65536n, slots: 1n, maxSlotLoss: 0n } });
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

  it("post a realistic mix of asks in Codex's slot layout, small enough to hash on a laptop, that the contract accepts", async () => {
    sim = busy({ clientRate: 0, competitors: 0 });
    const asks = Array.from({ length: 400 }, () => sim.clients.defaultAsk());
    for (const ask of asks) {
      expect(blocksOfSlotSize(ask.slotSize)).toMatchObject({ ok: true });
      expect(ask.slotSize).toBeGreaterThanOrEqual(64n * 1024n);
      expect(ask.slotSize).toBeLessThanOrEqual(2n * 1024n * 1024n);
      expect(ask.maxSlotLoss).toBeLessThanOrEqual(ask.slots);
    }
    expect(new Set(asks.map((a) => a.slotSize)).size).toBe(6);
    expect(new Set(asks.map((a) => a.duration)).size).toBeGreaterThan(2);
    // About 1.5 MiB of data a request on average: half a CPU-second at 3 MiB/s.
    const dataBytes = asks.map((ask) => {
      const shape = datasetShape({ nonce: new Rng(String(ask.pricePerBytePerSecond)).hex(32), ask });
      return shape.ok ? shape.shape.dataBlocks * shape.shape.slots * BLOCK : Infinity;
    });
    expect(dataBytes.reduce((a, b) => a + b, 0) / asks.length).toBeLessThan(2.5 * 2 ** 20);
    // Posted (one block a slot, to keep the test quick), the rest of the mix is what the contract takes.
    for (const ask of asks.slice(0, 4)) {
      const id = await sim.clients.post({ ask: { ...ask, slotSize: BigInt(BLOCK) } });
      const { request, expiresAt } = sim.state.requests.get(id)!;
      expect(request.expiry).toBeLessThan(request.ask.duration);
      expect(expiresAt).toBeGreaterThan(sim.now());
    }
  });

  it("refuse to post a slot size outside Codex's layout, before anything is posted", async () => {
    sim = quietSimulator();
    for (const slotSize of [8192n, 100_000n, 3n * 65_536n])
      await expect(postRequest(sim, { slotSize })).rejects.toThrow(/Codex's slot layout/);
    expect(sim.state.requests.size).toBe(0);
    expect(() => busy({ clientAsk: { slotSize: 4096n } })).toThrow(/not Codex's layout/);
  });

  it('post nothing when the rate is 0 and there are no competitors: a quiet market', async () => {
    sim = busy({ clientRate: 0, competitors: 0 });
    await sim.advance(3600);
    expect(sim.state.requests.size).toBe(0);
    expect(sim.clock.pendingTimers).toBe(0);
  });

  it('serve a Codex dataset: whole 64 KiB blocks, no pad blocks, Poseidon2 roots that make content.merkleRoot', async () => {
    sim = quietSimulator();
    const slotSize = 4n * BigInt(BLOCK); // three or four dataset blocks, then pad blocks
    const id = await postRequest(sim, { slots: 3n, slotSize });
    const request = sim.state.requests.get(id)!.request;
    const dataset = await sim.content.dataset({ requestId: id, request, slotIndex: 0n });
    expect([3, 4]).toContain(dataset.blockCount);
    // merkleRoot is the dataset root's 32 little-endian bytes.
    expect('0x' + Buffer.from(dataset.verifyRoot).toString('hex')).toBe(request.content.merkleRoot);
    expect(fieldToBytes(datasetRoot(dataset.slotRoots.map(field)))).toEqual(dataset.verifyRoot);
    for (const slot of [0n, 1n, 2n]) {
      const bytes = await readSlot(sim, id, slot);
      const tree = await buildSlotTree({
        dataBlocks: dataset.blockCount,
        readBlock: async (i) => bytes.subarray(i * BLOCK, (i + 1) * BLOCK),
        hasher: testHasher(),
      });
      expect(tree.ok && slotRootBytes(tree.value)).toEqual(dataset.slotRoots[Number(slot)]);
      // Pad blocks are never delivered: they stay zero.
      expect(bytes.subarray(dataset.blockCount * BLOCK).every((b) => b === 0)).toBe(true);
      expect(Buffer.from(await readSlot(sim, id, slot))).toEqual(Buffer.from(bytes));
    }
    // The dataset's last block (the end of the last slot's data) is zero-padded, as Codex's chunker pads it.
    const last = (await readSlot(sim, id, 2n)).subarray((dataset.blockCount - 1) * BLOCK, dataset.blockCount * BLOCK);
    expect(last[BLOCK - 1]).toBe(0);
    expect(last.some((b) => b !== 0)).toBe(true);
    expect(Buffer.from(await readSlot(sim, id, 1n))).not.toEqual(Buffer.from(await readSlot(sim, id, 0n)));
  });

  it('keep each manifest, so a restart serves it again without hashing', async () => {
    const { dir, remove } = (await import('../../../fakes/test-db')).tempDataDir();
    try {
      sim = quietSimulator({ dbPath: `${dir}/market.sqlite` });
      const id = await postRequest(sim, { slots: 2n });
      const roots = await sim.content.slotRoots(id);
      sim.close();
      const counting = testHasher();
      let hashed = 0;
      sim = quietSimulator({
        dbPath: `${dir}/market.sqlite`,
        hasher: {
          blockRoots: (...a) => (hashed++, counting.blockRoots(...a)),
          blockTree: (...a) => (hashed++, counting.blockTree(...a)),
          treeLayers: (...a) => (hashed++, counting.treeLayers(...a)),
        },
      });
      expect(await sim.content.slotRoots(id)).toEqual(roots);
      expect(hashed).toBe(0);
    } finally {
      sim.close();
      remove();
    }
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
      clientAsk: { slotSize: 65536n, duration: 1800n },
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
    sim = new MarketSimulator({
      clock: 'realtime',
      speed: 1200,
      config: testConfig,
      clientRate: 120,
      clientAsk: { slotSize: 65536n },
      competitors: 3,
      hasher: testHasher(),
    });
    const start = sim.now();
    await new Promise((r) => setTimeout(r, 600));
    expect(sim.now() - start).toBeGreaterThanOrEqual(600);
    // Posts hash their content first: on a loaded machine the first may still be hashing.
    await eventually(
      () => sim.state.requests.size > 0,
      () => new Promise((r) => setTimeout(r, 10)),
    );
  });
});
