// Market benchmark. Run from the repository root with:
//
//   npm run bench -- market
//
// 1,000 requests of 4 one-block slots (Codex's layout) are posted, reserved, filled (with proofs
// the market checks by Codex's circuit statement), finished and paid out by scripted hosts and
// withdrawn by their client, under a manual clock, once on the simulated marketplace (in-memory
// state written through to its SQLite file) and once on plain Maps doing the same ledger operations
// and the same proof check (bench/market-baseline.ts). It prints the time ratio; the target is at
// most 1.5×. The proofs (circuit inputs) are built before timing; checking one costs a few ms of
// Poseidon2 on the calling thread, on both sides. Absolute times are printed for information only.
// BENCH_REQUESTS=n changes the request count; BENCH_NO_DB=1 runs the simulator without its SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexlify, toBeHex } from 'ethers';
import { expect, it } from 'vitest';
import type { Proof, StorageRequest } from '../src-main/engine/index';
import { MarketSimulator, slotIdOf, testConfig } from '../src-main/market/index';
import { requestIdOf } from '../src-main/market/ids';
import {
  type BlockHasher,
  buildCircuitInput,
  buildSlotTree,
  bytesFromHex,
  circuitInputToJson,
  CODEX_STATEMENT_SCHEME,
  datasetRoot,
  entropyFromChallenge,
  fieldToBytes,
  HashPool,
  slotRoot,
  type StoredSlotTree,
} from '../src-main/proofs/codex/index';
import { MARKETPLACE_ADDRESS } from '../src-main/market/sim/state';
import { MapLedger, simChallenge } from './market-baseline';

const N = Number(process.env.BENCH_REQUESTS ?? 1_000);
const SLOTS = 4;
const START = 1_700_000_000;
const CLIENT = '0x' + 'c1'.repeat(20);
const HOSTS = Array.from({ length: SLOTS }, (_, i) => '0x' + (0xa0 + i).toString(16).repeat(20));
const ask = {
  proofProbability: 1n,
  pricePerBytePerSecond: 1n,
  collateralPerByte: 1n,
  slots: BigInt(SLOTS),
  slotSize: 65_536n,
  duration: 3600n,
  maxSlotLoss: 1n,
};
const PRICE = ask.slots * ask.duration * ask.slotSize;
const CPS = ask.slotSize;

interface Work {
  request: StorageRequest;
  proofs: Proof[];
}

/** The block trees of the four blocks, hashed once: every proof samples the same blocks. */
function memoized(hasher: BlockHasher): BlockHasher {
  const trees = new Map<string, ReturnType<BlockHasher['blockTree']>>();
  return {
    blockRoots: (blocks, signal) => hasher.blockRoots(blocks, signal),
    treeLayers: (leaves, signal) => hasher.treeLayers(leaves, signal),
    blockTree: (block, signal) => {
      const key = Buffer.from(block.subarray(0, 64)).toString('hex');
      if (!trees.has(key)) trees.set(key, hasher.blockTree(block, signal));
      return trees.get(key)!;
    },
  };
}

/**
 * Requests whose four slots hold the same four blocks (one each), and their proofs for the
 * challenge each slot gets when filled one second after genesis, on either chain.
 */
async function workload(n: number, pool: HashPool): Promise<Work[]> {
  const hasher = memoized(pool);
  const blocks = Array.from({ length: SLOTS }, (_, s) => new Uint8Array(65_536).map((_, k) => (k * (s + 7)) & 0xff));
  const trees = [];
  for (const block of blocks) {
    const tree = await buildSlotTree({ dataBlocks: 1, readBlock: async () => block, hasher });
    if (!tree.ok) throw new Error(tree.error.message);
    trees.push(tree.value);
  }
  const slotRoots = trees.map(slotRoot);
  const merkleRoot = hexlify(fieldToBytes(datasetRoot(slotRoots)));
  const work: Work[] = [];
  for (let i = 0; i < n; i++) {
    const request: StorageRequest = {
      client: CLIENT,
      ask,
      content: { cid: '0x0170' + toBeHex(i, 4).slice(2), merkleRoot },
      expiry: 600n,
      nonce: toBeHex(i + 1, 32),
    };
    const id = requestIdOf(request);
    const proofs: Proof[] = [];
    for (let s = 0; s < SLOTS; s++) {
      const stored: StoredSlotTree = { tree: trees[s]!, slotIndex: s, slotRoots };
      const challenge = bytesFromHex(simChallenge(slotIdOf(id, BigInt(s)), START, START + 1), 32)!;
      const input = await buildCircuitInput({
        stored,
        entropy: entropyFromChallenge(challenge),
        readBlock: async (b) => (b === 0 ? blocks[s]! : new Uint8Array(0)),
        hasher,
      });
      if (!input.ok) throw new Error(input.error.message);
      const json = circuitInputToJson(input.value);
      proofs.push({
        scheme: CODEX_STATEMENT_SCHEME,
        input: json,
        publicInputs: [json.entropy, json.dataSetRoot, String(s)],
      } as Proof);
    }
    work.push({ request, proofs });
  }
  return work;
}

async function runSimulator(
  work: Work[],
  dir: string,
  pool: HashPool,
): Promise<{ ms: number; balances: bigint[]; events: number }> {
  const t0 = performance.now();
  const sim = new MarketSimulator({
    clock: 'manual',
    start: START,
    hasher: pool,
    config: testConfig,
    clientRate: 0,
    competitors: 0,
    validator: false,
    hostBalance: 0n,
    dbPath: process.env.BENCH_NO_DB ? undefined : join(dir, `market-${Math.random()}.sqlite`),
  });
  let events = 0;
  sim.events.subscribe('SlotFilled', () => events++);
  const client = sim.connect(CLIENT);
  const hosts = HOSTS.map((h) => sim.connect(h));
  sim.mint(CLIENT, PRICE * BigInt(work.length));
  for (const h of HOSTS) sim.mint(h, CPS * BigInt(work.length));
  const start = sim.now();
  const ids: string[] = [];
  for (const w of work) ids.push(await client.requestStorage(w.request));
  await sim.advance(1);
  for (let i = 0; i < work.length; i++) {
    for (let s = 0; s < SLOTS; s++) {
      await hosts[s]!.reserveSlot(ids[i]!, BigInt(s));
      await hosts[s]!.fillSlot(ids[i]!, BigInt(s), work[i]!.proofs[s]!, CPS);
    }
  }
  await sim.clock.advanceTo(start + Number(ask.duration) + 1);
  for (const id of ids) for (let s = 0; s < SLOTS; s++) await hosts[s]!.freeSlot(slotIdOf(id, BigInt(s)));
  for (const id of ids) await client.withdrawFunds(id);
  const balances = [CLIENT, ...HOSTS, MARKETPLACE_ADDRESS].map((a) => sim.balanceOf(a));
  sim.close();
  return { ms: performance.now() - t0, balances, events };
}

function runBaseline(work: Work[]): { ms: number; balances: bigint[] } {
  const t0 = performance.now();
  const ledger = new MapLedger();
  ledger.mint(CLIENT, PRICE * BigInt(work.length));
  for (const h of HOSTS) ledger.mint(h, CPS * BigInt(work.length));
  const start = ledger.now;
  const ids: string[] = [];
  for (const w of work) ids.push(ledger.requestStorage(CLIENT, w.request));
  ledger.now += 1;
  for (let i = 0; i < work.length; i++) {
    for (let s = 0; s < SLOTS; s++) {
      ledger.reserveSlot(HOSTS[s]!, ids[i]!, BigInt(s));
      ledger.fillSlot(HOSTS[s]!, ids[i]!, BigInt(s), work[i]!.proofs[s]!);
    }
  }
  ledger.now = start + Number(ask.duration) + 1;
  for (const id of ids) for (let s = 0; s < SLOTS; s++) ledger.freeSlot(HOSTS[s]!, slotIdOf(id, BigInt(s)));
  for (const id of ids) ledger.withdrawFunds(CLIENT, id);
  const balances = [CLIENT, ...HOSTS, 'market'].map((a) => ledger.balances.get(a) ?? 0n);
  return { ms: performance.now() - t0, balances };
}

it(`runs ${N} requests of ${SLOTS} slots on the simulator within 1.5× of plain Maps`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'slotkeeper-bench-'));
  const pool = new HashPool();
  try {
    const work = await workload(N, pool);
    await runSimulator(work.slice(0, 100), dir, pool); // warm up both paths
    runBaseline(work.slice(0, 100));
    const base: number[] = [];
    const simMs: number[] = [];
    let last: Awaited<ReturnType<typeof runSimulator>> | undefined;
    let baseBalances: bigint[] = [];
    for (let round = 0; round < 2; round++) {
      const b = runBaseline(work);
      base.push(b.ms);
      baseBalances = b.balances;
      last = await runSimulator(work, dir, pool);
      simMs.push(last.ms);
    }
    // Both did the same work: the same money ended in the same hands.
    expect(last!.balances).toEqual(baseBalances);
    expect(last!.events).toBe(N * SLOTS);
    const ratio = Math.min(...simMs) / Math.min(...base);
    console.log(
      `market bench: ${N} requests × ${SLOTS} slots — simulator ${Math.min(...simMs).toFixed(0)} ms, ` +
        `plain Maps ${Math.min(...base).toFixed(0)} ms, ratio ${ratio.toFixed(2)}× (target ≤ 1.5×)`,
    );
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
