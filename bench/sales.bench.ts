// Sales engine: 1,000 concurrent slots (Codex's layout: 256 KiB = four 64 KiB blocks, three or four
// of them data) carried from StorageRequested to SaleFinished against the simulated marketplace
// under a manual clock, on real storage (WAL SQLite + repo folder in a temp dir), with Poseidon2
// slot trees and circuit-statement proofs on one HashPool sized to the machine. Reports wall time
// per slot, write transactions per slot (the engine's database and the simulated chain's, counted
// by wrapping better-sqlite3), event-loop delay (p99 and max, from monitorEventLoopDelay) and peak
// RSS. Baseline, measured in the same run: writing the same bytes to a repo and building and
// storing the same Poseidon2 slot trees on the same pool with no engine around; the ratio says
// what the engine's bookkeeping (and its proofs) cost on top of the work it cannot avoid.
// Proofs are spread over the first half of each 10-second period (Timings.proofSpreadSeconds 5).
// Run: npm run bench -- sales   (or directly: npx node --experimental-transform-types --no-warnings
//   --import ./test/fakes/node-ts-hooks.mjs bench/sales.bench.ts [slots]; BENCH_SLOT_KIB=n, a power of two ≥ 64)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { type RequestId, Sales, silentLogger } from '../src-main/engine/index';
import { contentBlock, createSimBackend, datasetShape, type MarketSimulator } from '../src-main/market/index';
import { fieldFromBytes, HashPool, onboardSlot, repoTreeStorage } from '../src-main/proofs/codex/index';
import { postRequest, quietOptions } from '../test/fakes/sim-scenarios';
import { openStorage } from '../src-main/storage/open-storage';
import { trackHasher } from '../src-main/compose/tracked-hasher';
import { trackRepo } from '../src-main/compose/tracked-repo';

const SLOTS = Number(process.argv[2] ?? 1000);
const SLOTS_PER_REQUEST = 4;
const MiB = 1n << 20n;
const SLOT_BYTES = BigInt(process.env.BENCH_SLOT_KIB ?? 256) * 1024n;
const BLOCK = 65_536;
/** Slots the baseline onboards at once: enough to keep every worker of the pool busy. */
const BASELINE_SLOTS_AT_ONCE = 4;
/** Long enough that every slot is filled (64 workers, each held until its fill) well before the first ends. */
const DURATION = 900n;
const WORKERS = 64;
/** proofProbability 8 (a proof every sixth period or so, once out of downtime). */
const PROOF_PROBABILITY = 8n;

// ---- write-transaction counter, per database file ---------------------------------------------
const transactions = new Map<string, number>();
let insideWrapper = 0; // better-sqlite3 runs BEGIN/COMMIT as statements: not transactions of their own
const count = (db: Database.Database): void => {
  if (!db.inTransaction && insideWrapper === 0) transactions.set(db.name, (transactions.get(db.name) ?? 0) + 1);
};
const counted = (db: Database.Database, call: () => unknown): unknown => {
  count(db);
  insideWrapper++;
  try {
    return call();
  } finally {
    insideWrapper--;
  }
};
const originalTransaction = Database.prototype.transaction;
Database.prototype.transaction = function (this: Database.Database, fn: (...args: never[]) => unknown) {
  const db = this as Database.Database; // the wrappers below need the connection
  const inner = originalTransaction.call(db, fn) as unknown as Record<string, (...args: unknown[]) => unknown> &
    ((...args: unknown[]) => unknown);
  const wrapped = Object.assign(
    function (this: unknown, ...args: unknown[]) {
      return counted(db, () => inner.apply(this, args));
    },
    Object.fromEntries(
      ['deferred', 'immediate', 'exclusive'].map((mode) => [
        mode,
        function (this: unknown, ...args: unknown[]) {
          return counted(db, () => inner[mode]!.apply(this, args));
        },
      ]),
    ),
  );
  return wrapped as never;
} as typeof Database.prototype.transaction;
{
  const probe = new Database(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...a: unknown[]) => unknown };
  const run = statementProto.run;
  statementProto.run = function (this: { database: Database.Database }, ...args: unknown[]) {
    // A write outside a transaction is a transaction of its own (autocommit).
    count(this.database);
    return run.apply(this, args);
  };
  probe.close();
}

// ---- helpers ---------------------------------------------------------------------------------

/** Writes every slot the clients posted and onboards it (slot tree built, checked and stored), with no engine. */
async function baseline(dir: string, sim: MarketSimulator, requests: RequestId[], pool: HashPool): Promise<number> {
  const storage = openStorage({ dataDir: dir, quotaMaxBytes: 4n * 1024n * MiB });
  const slots = requests.flatMap((requestId) =>
    Array.from({ length: SLOTS_PER_REQUEST }, (_, slotIndex) => ({ requestId, slotIndex })),
  );
  const started = performance.now();
  let next = 0;
  const work = async (): Promise<void> => {
    for (let i = next++; i < slots.length; i = next++) {
      const { requestId, slotIndex } = slots[i]!;
      const request = sim.state.requests.get(requestId)!.request;
      const layout = datasetShape(request);
      if (!layout.ok) throw new Error(layout.message);
      const key = '0x' + i.toString(16).padStart(64, '0');
      for (let b = 0; b < layout.shape.dataBlocks; b++)
        await storage.repo.writeSlotData(
          key,
          b * BLOCK,
          contentBlock(sim.chainSeed, request, layout.shape, slotIndex, b),
        );
      const slotRoots = (await sim.content.slotRoots(requestId)).map((root) => {
        const value = fieldFromBytes(root);
        if (!value.ok) throw new Error(value.message);
        return value.value;
      });
      const onboarded = await onboardSlot({
        dataBlocks: layout.shape.slotBlocks,
        readBlock: (b) => storage.repo.readSlotData(key, b * BLOCK, BLOCK),
        hasher: pool,
        slotIndex,
        slotRoots,
        storage: repoTreeStorage(storage.repo, key),
      });
      if (!onboarded.ok) throw new Error(onboarded.error.message);
    }
  };
  await Promise.all(Array.from({ length: BASELINE_SLOTS_AT_ONCE }, work));
  const elapsed = performance.now() - started;
  storage.close();
  return elapsed;
}

// ---- the run ---------------------------------------------------------------------------------
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'slotkeeper-bench-'));
  const pool = new HashPool();
  try {
    const dataDir = join(dir, 'engine');
    const storage = openStorage({ dataDir, quotaMaxBytes: 4n * 1024n * MiB });
    const io = trackRepo(storage.repo);
    const hashing = trackHasher(pool);
    const busy = () => io.inFlight() > 0 || hashing.inFlight() > 0;
    const backend = createSimBackend(
      { dataDir, logger: silentLogger, repo: io.repo, hasher: hashing.hasher, engineBusy: busy },
      { simulator: quietOptions({ dbPath: join(dataDir, 'chain.sqlite'), hasher: hashing.hasher }) },
    );
    const sim = backend.simulator;
    const { market, clock, dataSource, proofSystem } = backend;
    const sales = new Sales(
      { market, clock, store: storage.store, repo: io.repo, dataSource, proofSystem, history: storage.history },
      { queue: { maxSize: SLOTS, maxWorkers: WORKERS }, timings: { proofSpreadSeconds: 5 } },
    );
    await sales.start();
    const slotBytes = SLOT_BYTES;
    sales.createAvailability({
      totalSize: BigInt(SLOTS) * slotBytes,
      duration: 10_000n,
      minPricePerBytePerSecond: 1n,
      totalCollateral: 2n * BigInt(SLOTS) * slotBytes,
    });
    const balance = sim.balanceOf(sim.hostAddress);

    const settle = async (): Promise<void> => {
      do {
        await io.drained();
        await sim.clock.settle();
      } while (busy());
    };
    const lag = monitorEventLoopDelay({ resolution: 5 });
    let peakRss = process.memoryUsage().rss;
    // The simulated clients generate and hash their content when they post: done before timing,
    // with selling paused so the slots wait in the queue.
    sales.pauseSelling();
    const posted: RequestId[] = [];
    for (let r = 0; r < SLOTS / SLOTS_PER_REQUEST; r++) {
      posted.push(
        await postRequest(
          sim,
          {
            slots: BigInt(SLOTS_PER_REQUEST),
            slotSize: slotBytes,
            duration: DURATION,
            proofProbability: PROOF_PROBABILITY,
          },
          DURATION - 1n,
        ),
      );
    }
    await settle();
    const baselineMs = await baseline(join(dir, 'baseline'), sim, posted, pool);
    rmSync(join(dir, 'baseline'), { recursive: true, force: true });
    const transactionsBefore = new Map(transactions);
    const started = performance.now();
    lag.enable();
    sales.resumeSelling();
    let finished = 0;
    let proving = 0;
    let peakProving = 0;
    sales.on((event) => {
      if (event.type !== 'sale-state-changed') return;
      if (event.sale.state === 'SaleFinished') finished++;
      if (event.sale.state === 'SaleProving') peakProving = Math.max(peakProving, ++proving);
      if (event.previous === 'SaleProving') proving--;
    });
    for (let tick = 0; finished < SLOTS; tick++) {
      if (tick > 10_000) {
        const states = new Map<string, number>();
        for (const sale of sales.sales())
          states.set(
            `${sale.state}/${sale.ignoredReason ?? sale.error ?? ''}`,
            (states.get(`${sale.state}/${sale.ignoredReason ?? sale.error ?? ''}`) ?? 0) + 1,
          );
        throw new Error(
          `only ${finished} of ${SLOTS} sales finished after ${tick} chain seconds: ${JSON.stringify([...states])}`,
        );
      }
      await sim.clock.advanceTime(1);
      await settle();
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    lag.disable();
    const elapsed = performance.now() - started;

    const earned = sim.balanceOf(sim.hostAddress) - balance;
    const [availability] = sales.availabilities();
    if (availability!.freeSize !== availability!.totalSize) throw new Error('bytes did not all come back');
    if (earned <= 0n) throw new Error('no payout');
    const perSlot = (name: string): string => {
      const n = [...transactions]
        .filter(([file]) => file.endsWith(name))
        .reduce((s, [file, v]) => s + v - (transactionsBefore.get(file) ?? 0), 0);
      return (n / SLOTS).toFixed(1);
    };
    console.log(`slots                      ${SLOTS} × ${slotBytes} bytes, ${WORKERS} workers, ${DURATION} s each`);
    console.log(`peak concurrent proving    ${peakProving} sales in SaleProving at once`);
    console.log(
      `wall time                  ${(elapsed / 1000).toFixed(1)} s (${(elapsed / SLOTS).toFixed(2)} ms per slot)`,
    );
    console.log(
      `baseline (write + trees)   ${(baselineMs / SLOTS).toFixed(2)} ms per slot; engine/baseline ${(elapsed / baselineMs).toFixed(1)}×`,
    );
    console.log(
      `write transactions / slot  engine db ${perSlot('sales.sqlite')}, simulated chain ${perSlot('chain.sqlite')}`,
    );
    console.log(
      `event-loop delay           p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`,
    );
    console.log(
      `peak RSS                   ${(peakRss / 2 ** 20).toFixed(0)} MiB (maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`,
    );
    console.log(`host earned                ${earned} tokens; all ${SLOTS} sales reached SaleFinished`);
    await sales.stop();
    sim.close();
    storage.close();
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
