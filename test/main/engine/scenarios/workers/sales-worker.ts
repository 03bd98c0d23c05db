// The whole engine in a child process, for the crash test: real storage and the simulated chain in
// DATA_DIR, a manual clock advanced one second per tick, a new two-slot request of two minutes every
// 10 ticks, and downloads in 512-byte batches so that kills often land mid-download too.
// Prints "state <name>" whenever a sale enters a state and "tick <chain time>" after every tick;
// runs until killed.
// Usage: node --experimental-transform-types --import test/fakes/node-ts-hooks.mjs sales-worker.ts DATA_DIR
import { isMarketError } from '../../../../../src-main/engine/index';
import { postRequest } from '../../../../fakes/sim-scenarios';
import { durableMarket, startHarness } from '../../../../fakes/sales-harness';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: sales-worker.ts DATA_DIR');

const h = await startHarness({ dataDir, market: durableMarket, sales: { timings: { downloadBatchBytes: 512 } } });
h.sales.on((event) => {
  if (event.type === 'sale-state-changed') process.stdout.write(`state ${event.sale.state}\n`);
});
if (h.sales.availabilities().length === 0) {
  h.sales.createAvailability({
    totalSize: 8192n * 6n,
    duration: 7200n,
    minPricePerBytePerSecond: 1n,
    totalCollateral: 2n * 8192n * 6n,
  });
}
/**
 * The simulated clients draw nonces from a generator seeded with the chain time at start-up, so a
 * restart at the same chain time draws nonces again that were already used: draw the next one.
 */
async function post(): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await postRequest(h.sim, { slots: 2n, duration: 120n }, 60n);
      return;
    } catch (error) {
      if (!isMarketError(error, 'Marketplace_RequestAlreadyExists') || attempt > 20) throw error;
    }
  }
}

for (let tick = 0; ; tick++) {
  if (tick % 10 === 0) {
    await post();
    h.sim.flush();
  }
  await h.advance(1);
  h.sim.flush();
  process.stdout.write(`tick ${h.sim.now()}\n`);
}
