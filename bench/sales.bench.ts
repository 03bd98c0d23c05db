// Sales engine: 1,000 concurrent slots (Codex's layout: 256 KiB = four 64 KiB blocks, three or four
// of them data) carried from StorageRequested to SaleFinished against the simulated marketplace
// under a manual clock, on real storage (WAL SQLite + repo folder in a temp dir), with Poseidon2
// slot trees and circuit-statement proofs on one HashPool sized to the machine. Reports wall time
// per slot, write transactions per slot (the engine's database and the simulated chain's, counted
// by wrapping better-sqlite3), event-loop delay (p99 and max, from monitorEventLoopDelay) and peak
// RSS, and the proof build times the engine recorded in the sale history. Baseline, measured in the
// same run (bench/sales-baseline.ts): writing the same bytes to a repo, building and storing the
// same Poseidon2 slot trees, and building and checking as many proofs as the engine built, on the
// same pool with no engine around; the ratio says what the engine's bookkeeping costs on top of
// the work it cannot avoid.
// Proofs are spread over the first half of each 10-second period (Timings.proofSpreadSeconds 5).
// Run: npm run bench -- sales   (or directly: npx node --experimental-transform-types --no-warnings
//   --import ./test/fakes/node-ts-hooks.mjs bench/sales.bench.ts [slots]; BENCH_SLOT_KIB=n, a power of two ≥ 64)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { type RequestId, Sales, silentLogger } from '../src-main/engine/index';
import { createInProcessSimBackend } from '../src-main/market/index';
import { HashPool } from '../src-main/proofs/codex/index';
import { postRequest, quietOptions } from '../test/fakes/sim-scenarios';
import { openStorage } from '../src-main/storage/open-storage';
import { trackHasher } from '../src-main/compose/tracked-hasher';
import { trackRepo } from '../src-main/compose/tracked-repo';
import { SalesBaseline } from './sales-baseline';

const SLOTS = Number(process.argv[2] ?? 1000);
const SLOTS_PER_REQUEST = 4;
const MiB = 1n << 20n;
const SLOT_BYTES = BigInt(process.env.BENCH_SLOT_KIB ?? 256) * 1024n;
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
    const backend = createInProcessSimBackend(
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
    const base = new SalesBaseline(join(dir, 'baseline'), sim, posted, SLOTS_PER_REQUEST, pool);
    const onboardMs = await base.onboard();
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
    // The proof build times the engine recorded in the sale history (what the slot detail shows).
    const records = sales.sales();
    const proofsBuilt = records.reduce((n, sale) => n + (sale.proofBuild?.count ?? 0), 0);
    const buildMs = records.reduce((n, sale) => n + (sale.proofBuild?.totalMs ?? 0), 0);
    const lastBuilds = records
      .flatMap((sale) => (sale.proofBuild ? [sale.proofBuild.lastMs] : []))
      .sort((a, b) => a - b);
    const proveMs = await base.prove(proofsBuilt);
    base.close();
    const baselineMs = onboardMs + proveMs;

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
      `baseline                   ${(baselineMs / SLOTS).toFixed(2)} ms per slot (write + trees ${(onboardMs / 1000).toFixed(1)} s, ${proofsBuilt} proofs built and checked ${(proveMs / 1000).toFixed(1)} s); engine/baseline ${(elapsed / baselineMs).toFixed(2)}×`,
    );
    console.log(
      `proof build (history)      ${proofsBuilt} proofs, mean ${(buildMs / Math.max(1, proofsBuilt)).toFixed(0)} ms, last per sale p50 ${lastBuilds[Math.floor(lastBuilds.length / 2)] ?? 0} ms, max ${lastBuilds.at(-1) ?? 0} ms`,
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
