// Scenario helpers for tests: short recipes that take a quiet, manually clocked market to each target of
// docs/reference/marketplace.md §7.3 (reservations full, filled by someone else, proofs missed, slot freed,
// repair, cancelled, failed, finished, restart). Tests of the market and of the engine share them.
import { type Address, type RequestId, type Seconds, type SlotId, type StorageAsk } from '../../src-main/engine/index';
import { slotIdOf } from '../../src-main/market/ids';
import { contentBytes, contentKey, contentTree } from '../../src-main/market/sim/content';
import { buildStorageProof, type StorageProof } from '../../src-main/proofs/sha256-merkle/index';
import { testConfig } from '../../src-main/market/sim/config';
import { periodEnd } from '../../src-main/market/sim/proving';
import { MarketSimulator, type SimulatorOptions } from '../../src-main/market/sim/simulator';

/**
 * A market where nothing happens unless the test does it: manual clock, test config, no clients, no
 * competitors of their own (hosts the helpers script prove honestly every period), the validator on.
 */
export function quietSimulator(options: SimulatorOptions = {}): MarketSimulator {
  return new MarketSimulator(quietOptions(options));
}

/** The options of quietSimulator(), for building it through the sim backend. */
export function quietOptions(options: SimulatorOptions = {}): SimulatorOptions {
  return {
    clock: 'manual',
    config: testConfig,
    clientRate: 0,
    competitors: 0,
    competitorBehaviour: { reserveChance: 0, fillChance: 0, skipProofChance: 0, abandonChance: 0 },
    ...options,
  };
}

/** A small ask (4 slots of 8 KiB = 4 cells, one hour, a proof every period). */
export const smallAsk: StorageAsk = {
  proofProbability: 1n,
  pricePerBytePerSecond: 1n,
  collateralPerByte: 2n,
  slots: 4n,
  slotSize: 8192n,
  duration: 3600n,
  maxSlotLoss: 1n,
};

/** Post a request from a simulated client (which serves its data). Default: smallAsk, expiry 300 s. */
export function postRequest(sim: MarketSimulator, ask: Partial<StorageAsk> = {}, expiry = 300n): Promise<RequestId> {
  return sim.postRequest({ ask: { ...smallAsk, ...ask }, expiry, client: 0 });
}

/** A valid proof of the slot's content for the current challenge, built like a host would. */
export function proofFor(sim: MarketSimulator, requestId: RequestId, slotIndex: bigint): StorageProof {
  const r = sim.state.requests.get(requestId);
  if (!r) throw new Error(`no request ${requestId}`);
  const { slotSize, slots } = r.request.ask;
  const params = sim.contract.proofParams;
  const key = contentKey(sim.chainSeed, r.request.nonce, slotIndex);
  const slotRoots: Uint8Array[] = [];
  for (let i = 0n; i < slots; i++)
    slotRoots.push(contentTree(contentKey(sim.chainSeed, r.request.nonce, i), slotSize, params).root);
  const cell = BigInt(params.cellSize);
  return buildStorageProof({
    challenge: sim.contract.getChallenge(slotIdOf(requestId, slotIndex)),
    slotIndex: Number(slotIndex),
    slotRoots,
    tree: contentTree(key, slotSize, params),
    readCell: (i) => {
      const start = BigInt(i) * cell;
      const end = start + cell < slotSize ? start + cell : slotSize;
      return contentBytes(key, start, Number(end - start));
    },
    params,
  });
}

/** Every byte of a slot as the simulated clients serve it, fetched block by block through their dataset. */
export async function readSlot(sim: MarketSimulator, requestId: RequestId, slotIndex: bigint): Promise<Uint8Array> {
  const request = sim.state.requests.get(requestId)?.request;
  if (!request) throw new Error(`no request ${requestId}`);
  const dataset = await sim.content.dataset({ requestId, request, slotIndex });
  const out = new Uint8Array(Number(request.ask.slotSize));
  const indices = Array.from({ length: dataset.blockCount }, (_, i) => i);
  await dataset.fetchBlocks(
    indices,
    { put: async (i, bytes) => out.set(bytes, i * 65_536) },
    new AbortController().signal,
  );
  return out;
}

/** `host` reserves and fills the slot with a real proof, minting its collateral first. */
export async function reserveAndFill(
  sim: MarketSimulator,
  host: Address,
  requestId: RequestId,
  slotIndex: bigint,
): Promise<void> {
  const market = sim.connect(host);
  if (await market.canReserveSlot(requestId, slotIndex)) await market.reserveSlot(requestId, slotIndex);
  const collateral = await market.slotCollateral(requestId, slotIndex);
  sim.mint(host, collateral);
  await market.fillSlot(requestId, slotIndex, proofFor(sim, requestId, slotIndex), collateral);
}

/** Competitors fill the given slots (default: all), one competitor per slot. */
export async function fillSlots(sim: MarketSimulator, requestId: RequestId, indices?: bigint[]): Promise<void> {
  const r = sim.state.requests.get(requestId)!;
  const all = Array.from({ length: Number(r.request.ask.slots) }, (_, i) => BigInt(i));
  for (const i of indices ?? all) await reserveAndFill(sim, sim.actor('competitor', Number(i)), requestId, i);
}

/** Competitors take every reservation place of the slot: SlotReservationsFull is emitted. */
export async function fillReservations(
  sim: MarketSimulator,
  requestId: RequestId,
  slotIndex: bigint,
): Promise<Address[]> {
  const hosts: Address[] = [];
  for (let i = 0; i < sim.config.reservations.maxReservations; i++) {
    const host = sim.actor('competitor', 100 + i);
    await sim.connect(host).reserveSlot(requestId, slotIndex);
    hosts.push(host);
  }
  return hosts;
}

/** Advance to one second past expiry, where an unfilled request reads Cancelled. */
export function advanceToExpiry(sim: MarketSimulator, requestId: RequestId): Promise<Seconds> {
  return sim.clock.advanceTo(sim.contract.requestExpiry(requestId) + 1);
}

/** Advance to one second past the end, where a started request reads Finished. */
export function advanceToEnd(sim: MarketSimulator, requestId: RequestId): Promise<Seconds> {
  return sim.clock.advanceTo(sim.state.requests.get(requestId)!.endsAt + 1);
}

/** Advance to the first second of the next period. */
export function advanceToNextPeriod(sim: MarketSimulator): Promise<Seconds> {
  return sim.clock.advanceTo(periodEnd(sim.contract.currentPeriod(), sim.config.proofs.period));
}

/**
 * Make the slot's host miss `count` proofs: each next period requires a proof, a competitor host
 * skips it (the test's own host must simply not submit),
 * and the validator marks it inside the timeout window. At maxNumberOfSlashes the slot is freed.
 */
export async function missProofs(sim: MarketSimulator, slotId: SlotId, count: number): Promise<void> {
  if (!sim.validator) throw new Error('missProofs needs the simulated validator (validator: true)');
  const { period, timeout } = sim.config.proofs;
  for (let k = 0; k < count; k++) {
    const next = sim.contract.currentPeriod() + 1;
    sim.contract.forcedRequirements.add(`${slotId}:${next}`);
    sim.skippingProofs.add(`${slotId}:${next}`);
    await sim.clock.advanceTo(periodEnd(next, period) + Math.min(timeout - 1, 1));
  }
}

/** Competitors abandon filled slots other than `spare` until the started request fails. */
export async function failRequest(sim: MarketSimulator, requestId: RequestId, spare: bigint[] = []): Promise<void> {
  const r = sim.state.requests.get(requestId)!;
  for (let i = 0n; i < r.request.ask.slots && sim.contract.requestState(requestId) !== 'Failed'; i++) {
    if (spare.includes(i)) continue;
    const slotId = slotIdOf(requestId, i);
    const host = sim.contract.getHost(slotId);
    if (sim.contract.slotState(slotId) === 'Filled') await sim.connect(host).freeSlot(slotId);
  }
  await sim.clock.settle();
}

/** Close the simulator and open the same chain again from its database. */
export function restart(sim: MarketSimulator): MarketSimulator {
  if (!sim.options.dbPath) throw new Error('restart needs a dbPath');
  sim.close();
  return new MarketSimulator(sim.options);
}
