// Scenario helpers for tests: short recipes that take a quiet, manually clocked market to each target of
// docs/reference/marketplace.md §7.3 (reservations full, filled by someone else, proofs missed, slot freed,
// repair, cancelled, failed, finished, restart). Tests of the market and of the engine share them.
import { type Address, type RequestId, type Seconds, type SlotId, type StorageAsk } from '../../src-main/engine/index';
import { slotIdOf } from '../../src-main/market/ids';
import { contentBlock, datasetShape } from '../../src-main/market/sim/content';
import {
  buildCircuitInput,
  buildSlotTree,
  bytesFromHex,
  circuitInputToJson,
  CODEX_STATEMENT_SCHEME,
  type CodexStatementProof,
  entropyFromChallenge,
  fieldFromBytes,
} from '../../src-main/proofs/codex/index';
import { testConfig } from '../../src-main/market/sim/config';
import { HONEST_HOST_STAND_IN } from '../../src-main/market/sim/contract';
import { periodEnd } from '../../src-main/market/sim/proving';
import { MarketSimulator, type SimulatorOptions } from '../../src-main/market/sim/simulator';
import { testHasher } from './test-hasher';

/**
 * A market where nothing happens unless the test does it: manual clock, test config, no clients, no
 * competitors of their own (hosts the helpers script prove honestly every period), the validator on.
 */
export function quietSimulator(options: Partial<SimulatorOptions> = {}): MarketSimulator {
  return new MarketSimulator(quietOptions(options));
}

/** The options of quietSimulator(), for building it through the sim backend. */
export function quietOptions(options: Partial<SimulatorOptions> = {}): SimulatorOptions {
  return {
    clock: 'manual',
    config: testConfig,
    clientRate: 0,
    competitors: 0,
    competitorBehaviour: { reserveChance: 0, fillChance: 0, skipProofChance: 0, abandonChance: 0 },
    hasher: testHasher(),
    ...options,
  };
}

/** One 64 KiB block: the smallest slot of Codex's layout. */
export const BLOCK = 65_536n;

/** A small ask (4 slots of one 64 KiB block each, one hour, a proof every period). */
export const smallAsk: StorageAsk = {
  proofProbability: 1n,
  pricePerBytePerSecond: 1n,
  collateralPerByte: 2n,
  slots: 4n,
  slotSize: BLOCK,
  duration: 3600n,
  maxSlotLoss: 1n,
};

/** Post a request from a simulated client (which serves its data). Default: smallAsk, expiry 300 s. */
export function postRequest(sim: MarketSimulator, ask: Partial<StorageAsk> = {}, expiry = 300n): Promise<RequestId> {
  return sim.postRequest({ ask: { ...smallAsk, ...ask }, expiry, client: 0 });
}

/**
 * A valid proof of the slot's content for the current challenge, built as a host builds it: the
 * slot tree from the served blocks, then the circuit input for the challenge (Codex's statement).
 */
export async function proofFor(
  sim: MarketSimulator,
  requestId: RequestId,
  slotIndex: bigint,
): Promise<CodexStatementProof> {
  const request = sim.state.requests.get(requestId)?.request;
  if (!request) throw new Error(`no request ${requestId}`);
  const layout = datasetShape(request);
  if (!layout.ok) throw new Error(layout.message);
  const { shape } = layout;
  const hasher = sim.options.hasher;
  // Pad blocks are not stored: they read as empty and hash as zeros.
  const readBlock = async (i: number) =>
    i < shape.dataBlocks ? contentBlock(sim.chainSeed, request, shape, Number(slotIndex), i) : new Uint8Array(0);
  const tree = await buildSlotTree({ dataBlocks: shape.dataBlocks, readBlock, hasher });
  if (!tree.ok) throw new Error(tree.error.message);
  const slotRoots = (await sim.content.slotRoots(requestId)).map((root) => {
    const value = fieldFromBytes(root);
    if (!value.ok) throw new Error(value.message);
    return value.value;
  });
  const challenge = bytesFromHex(sim.contract.getChallenge(slotIdOf(requestId, slotIndex)), 32)!;
  const input = await buildCircuitInput({
    stored: { tree: tree.value, slotIndex: Number(slotIndex), slotRoots },
    entropy: entropyFromChallenge(challenge),
    readBlock,
    hasher,
  });
  if (!input.ok) throw new Error(input.error.message);
  const json = circuitInputToJson(input.value);
  return {
    scheme: CODEX_STATEMENT_SCHEME,
    input: json,
    publicInputs: [json.entropy, json.dataSetRoot, String(json.slotIndex)],
  };
}

/** Every byte of a slot as the simulated clients serve it, fetched block by block through their dataset. */
export async function readSlot(sim: MarketSimulator, requestId: RequestId, slotIndex: bigint): Promise<Uint8Array> {
  const request = sim.state.requests.get(requestId)?.request;
  if (!request) throw new Error(`no request ${requestId}`);
  const dataset = await sim.content.dataset({ requestId, request, slotIndex });
  // Pad blocks are never delivered: they stay zeros here, as they read in a host's repo.
  const out = new Uint8Array(Number(request.ask.slotSize));
  const indices = Array.from({ length: dataset.blockCount }, (_, i) => i);
  await dataset.fetchBlocks(
    indices,
    { put: async (i, bytes) => out.set(bytes, i * 65_536) },
    new AbortController().signal,
  );
  return out;
}

/**
 * `host` reserves and fills the slot, minting its collateral first: a competitor with the honest-host
 * stand-in at once (as the simulated competitors do), any other host with a real proof.
 */
export async function reserveAndFill(
  sim: MarketSimulator,
  host: Address,
  requestId: RequestId,
  slotIndex: bigint,
): Promise<void> {
  const market = sim.connect(host);
  const proof = sim.competitorAddresses.has(market.address)
    ? HONEST_HOST_STAND_IN
    : await proofFor(sim, requestId, slotIndex);
  if (await market.canReserveSlot(requestId, slotIndex)) await market.reserveSlot(requestId, slotIndex);
  const collateral = await market.slotCollateral(requestId, slotIndex);
  sim.mint(host, collateral);
  await market.fillSlot(requestId, slotIndex, proof, collateral);
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
