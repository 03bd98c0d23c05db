// Market benchmark. Run from the repository root with:
//
//   npx vitest run --config bench/vitest.config.ts
//
// 10,000 requests of 4 slots are posted, reserved, filled (with Merkle proofs that the market
// verifies), finished and paid out by scripted hosts and withdrawn by their client, under a manual
// clock, once on the simulated marketplace (in-memory state written through to its SQLite file) and
// once on plain Maps doing the same ledger operations (bench/market-baseline.ts). It prints the time
// ratio; the target is at most 1.5×. Absolute times are printed for information only.
// BENCH_REQUESTS=n changes the request count; BENCH_NO_DB=1 runs the simulator without its SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexlify, toBeHex } from 'ethers';
import { expect, it } from 'vitest';
import type { Proof, StorageRequest } from '../src-main/engine/index';
import { MarketSimulator, slotIdOf, testConfig } from '../src-main/market/index';
import {
  datasetRoot,
  leafHash,
  merkleLayers,
  merklePath,
  SHA256_MERKLE_SCHEME,
} from '../src-main/proofs/sha256-merkle/index';
import { MARKETPLACE_ADDRESS } from '../src-main/market/sim/state';
import { MapLedger } from './market-baseline';

const N = Number(process.env.BENCH_REQUESTS ?? 10_000);
const SLOTS = 4;
const CLIENT = '0x' + 'c1'.repeat(20);
const HOSTS = Array.from({ length: SLOTS }, (_, i) => '0x' + (0xa0 + i).toString(16).repeat(20));
const ask = {
  proofProbability: 1n,
  pricePerBytePerSecond: 1n,
  collateralPerByte: 1n,
  slots: BigInt(SLOTS),
  slotSize: 2048n,
  duration: 3600n,
  maxSlotLoss: 1n,
};
const PRICE = ask.slots * ask.duration * ask.slotSize;
const CPS = ask.slotSize;

interface Work {
  request: StorageRequest;
  proofs: Proof[];
}

/** Requests with one-cell slots, and their proofs (one cell: every challenge picks cell 0). */
function workload(n: number): Work[] {
  return Array.from({ length: n }, (_, i) => {
    const cells = Array.from({ length: SLOTS }, (_, s) =>
      new Uint8Array(2048).fill((i * SLOTS + s) & 0xff).map((b, k) => b ^ (k & 0xff) ^ (i >> 8)),
    );
    const roots = cells.map((c) => leafHash(c));
    const layers = merkleLayers(roots);
    const request: StorageRequest = {
      client: CLIENT,
      ask,
      content: { cid: '0x0170' + toBeHex(i, 4).slice(2), merkleRoot: hexlify(datasetRoot(roots)) },
      expiry: 600n,
      nonce: toBeHex(i + 1, 32),
    };
    const proofs = cells.map((data, s) => ({
      scheme: SHA256_MERKLE_SCHEME,
      slotRoot: roots[s]!,
      slotRootPath: merklePath(layers, s),
      cells: Array.from({ length: 5 }, () => ({ index: 0, data, path: [] })),
    }));
    return { request, proofs };
  });
}

async function runSimulator(work: Work[], dir: string): Promise<{ ms: number; balances: bigint[]; events: number }> {
  const t0 = performance.now();
  const sim = new MarketSimulator({
    clock: 'manual',
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
  try {
    const work = workload(N);
    await runSimulator(work.slice(0, 500), dir); // warm up both paths
    runBaseline(work.slice(0, 500));
    const base: number[] = [];
    const simMs: number[] = [];
    let last: Awaited<ReturnType<typeof runSimulator>> | undefined;
    let baseBalances: bigint[] = [];
    for (let round = 0; round < 2; round++) {
      const b = runBaseline(work);
      base.push(b.ms);
      baseBalances = b.balances;
      last = await runSimulator(work, dir);
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
    rmSync(dir, { recursive: true, force: true });
  }
});
