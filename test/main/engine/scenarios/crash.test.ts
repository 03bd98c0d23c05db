// Crash recovery: the engine (storage, simulated chain and Sales, each on SQLite files in one data
// folder) runs in a child process and is killed with SIGKILL at random points of running sales,
// six times over. After each kill the storage alone must balance; the restarted engine must resume
// every slot it holds, with its reservation, and keep slot data equal to what reservations say was
// written. Finally every sale runs out and nothing is lost: bytes, collateral, or tokens.
// The kill points come from a seed: random locally (so runs explore), fixed under CI (so CI is
// deterministic). A failure prints its seed; reproduce it with CRASH_SEED=<seed>.
// Its time budget allows a loaded 2-core machine: six child processes and seven engine restarts.
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { deriveRequestState } from '../../../../src-main/market/sim/derive';
import { brokenInvariants } from '../../../fakes/sales-invariants';
import {
  byteInvariantViolations,
  durableMarket,
  hostBalance,
  seededRandom,
  startHarness,
  untilIdle,
  type Harness,
} from '../../../fakes/sales-harness';
import { openTestStorage, tempDataDir } from '../../../fakes/test-db';

const hooks = fileURLToPath(new URL('../../../fakes/node-ts-hooks.mjs', import.meta.url));
const worker = fileURLToPath(new URL('./workers/sales-worker.ts', import.meta.url));
const du = (dir: string): bigint =>
  BigInt(execFileSync('du', ['-s', '--block-size=1', dir], { encoding: 'utf8' }).split('\t')[0]!);

/**
 * Runs the worker until sales entered `states` states, waits `delayMs`, then kills it with SIGKILL
 * (so the kill lands inside a state's work); returns the state entered last before the kill.
 */
async function runAndKill(dataDir: string, states: number, delayMs: number): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--experimental-transform-types', '--no-warnings', '--import', hooks, worker, dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let seen = 0;
  let last = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.startsWith('state ') || seen >= states) continue;
        last = line.slice(6);
        if (++seen === states) resolve();
      }
    });
    void exited.then(() => reject(new Error(`sales worker ended before ${states} state changes: ${errors}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return last;
}

let h: Harness | undefined;
const temp = tempDataDir('slotkeeper-crash-');
afterEach(async () => {
  await h?.dispose({ keep: true });
  h = undefined;
  temp.remove();
});

/** The seed CI runs with. */
const CI_SEED = 424_242;
const ci = process.env.CI === 'true' || process.env.CI === '1';

describe('crash recovery', () => {
  it('loses no reservation, byte or collateral when killed mid-sale, and resumes every slot it holds', async () => {
    const seed = Number(process.env.CRASH_SEED ?? (ci ? CI_SEED : Date.now() % 1_000_000));
    onTestFailed(() => console.error(`crash recovery failed; reproduce with CRASH_SEED=${seed}`));
    const random = seededRandom(seed);
    const context = `CRASH_SEED=${seed}`;
    let restored = 0;
    const statesAtKills = new Set<string>();
    for (let round = 0; round < 6; round++) {
      statesAtKills.add(await runAndKill(temp.dir, 5 + Math.floor(random() * 60), Math.floor(random() * 3)));

      // At the instant of the kill: the store and the repo balance on their own.
      const t = openTestStorage({ dataDir: temp.dir, quotaMaxBytes: 1n << 30n });
      expect(brokenInvariants(t.reservations, t.repo), context).toEqual([]);
      expect(t.repo.quota().used, context).toBe(du(t.repoDir));
      t.close();

      // Restarted: every slot we hold resumes with its reservation; the rest is given back.
      h = await startHarness({ dataDir: temp.dir, market: durableMarket });
      const held = (await h.sim.connect().mySlots()).sort();
      // Besides the restored slots, workers may already be taking slots of requests still open.
      const restoredAgents = h.sales.activeAgents.filter((a) => a.data.collateralPosted);
      expect(restoredAgents.map((a) => a.data.slotId).sort(), context).toEqual(held);
      expect(
        restoredAgents.every((a) => a.data.reservation !== undefined),
        context,
      ).toBe(true);
      expect(byteInvariantViolations(h), context).toEqual([]);
      restored += held.length;
      await h.settle();
      for (const agent of h.sales.activeAgents.filter((a) => held.includes(a.data.slotId))) {
        expect(['SaleProving', 'SalePayout', 'SaleFinished', 'SaleCancelled'], context).toContain(agent.state());
      }
      await h.dispose({ keep: true });
      h = undefined;
    }
    expect(restored, `${context}: no kill hit a sale holding a slot`).toBeGreaterThan(0);
    if (process.env.CRASH_VERBOSE) console.log('states at the kills', [...statesAtKills]);

    // Every sale runs out; then nothing is lost.
    h = await startHarness({ dataDir: temp.dir, market: durableMarket });
    await h.advance(400);
    await untilIdle(h);
    const { sim, storage } = h;
    const [availability] = h.sales.availabilities();
    expect(availability!.freeSize, context).toBe(availability!.totalSize);
    expect(availability!.totalRemainingCollateral, context).toBe(availability!.totalCollateral);
    expect(storage.reservations.listReservations(), context).toEqual([]);
    expect(storage.repo.listSlots(), context).toEqual([]);
    expect(byteInvariantViolations(h), context).toEqual([]);

    let paid = 0n;
    for (const slot of sim.state.slots.values()) {
      if (slot.host !== sim.hostAddress) continue;
      expect(slot.state, context).toBe('Paid');
      const r = sim.state.requests.get(slot.requestId)!;
      const until = deriveRequestState(r, sim.now()) === 'Cancelled' ? r.expiresAt : r.endsAt;
      paid += BigInt(until - slot.filledAt) * r.request.ask.pricePerBytePerSecond * r.request.ask.slotSize;
    }
    expect(paid, context).toBeGreaterThan(0n);
    expect(hostBalance(h), context).toBe(10n ** 24n + paid);
    for (const sale of h.sales.sales()) {
      if (sale.filledAt !== undefined)
        expect(
          ['SaleFinished', 'SaleCancelled'],
          `${context} ${JSON.stringify({ error: sale.error, id: sale.id, slot: sale.slotId.slice(0, 10), state: sale.state, live: h.sales.activeAgents.filter((a) => a.data.slotId === sale.slotId).map((a) => a.state()), chain: h.sim.state.slots.get(sale.slotId)?.state, host: h.sim.state.slots.get(sale.slotId)?.host === h.sim.hostAddress, endsAt: sale.endsAt, now: h.sim.now(), steps: h.storage.history.steps(sale.id).map((st) => st.state + '@' + st.at) })}`,
        ).toContain(sale.state);
    }
  }, 180_000);
});
