// The scenario driver on the devnet: one EVM world per test file (chain, clients, competitors and
// the validator acting through real transactions), and per test a host with its own funded
// account, its own data folder and real storage, selling through the chain adapter. Time moves
// with evm_increaseTime in steps shorter than the proof timeout, each waiting until everybody acted.
import { testHasher } from './test-hasher';
import { Contract } from 'ethers';
import { afterAll, beforeAll } from 'vitest';
import { Sales, silentLogger, type MarketplaceConfig, type SalesEvent } from '../../src-main/engine/index';
import { trackRepo } from '../../src-main/compose/tracked-repo';
import { TOKEN_ABI } from '../../src-main/market/chain/abi';
import { createDevnetBackend, type DevnetBackend } from '../../src-main/market/devnet/backend';
import { startDevnetWorld, type DevnetWorld } from '../../src-main/market/devnet/world';
import { makeConfig, testConfig } from '../../src-main/market/sim/config';
import type { ScenarioDriver } from './scenario-driver';
import { seededRandom } from './sales-harness';
import { defaultExpiry, scenarioAsk } from './sim-driver';
import { openTestStorage, tempDataDir, type TestStorage } from './test-db';

/** The devnet scenarios' configuration: periods long enough for a few blocks each, short enough to run fast. */
export const devnetScenarioConfig: MarketplaceConfig = makeConfig(testConfig, { proofs: { period: 40, timeout: 20 } });

/** One devnet world for the file, with `hosts` host accounts (one per test). */
export function useDevnetWorld(hosts: number): () => DevnetWorld {
  let world: DevnetWorld | undefined;
  beforeAll(async () => {
    world = await startDevnetWorld(
      {
        config: devnetScenarioConfig,
        rate: 0,
        competitors: 2,
        competitorBehaviour: { reserveChance: 0, fillChance: 0 },
        hosts,
      },
      silentLogger,
    );
  }, 120_000);
  afterAll(async () => {
    await world?.stop();
  });
  return () => world!;
}

interface HostRun {
  storage: TestStorage;
  backend: DevnetBackend;
  sales: Sales;
  events: SalesEvent[];
  busy: () => boolean;
}

/** Where a host joins a shared world: it hears only what came after (events from `block`, requests since `time`). */
interface Joined {
  readonly block: number;
  readonly time: number;
}

/**
 * How a scenario's host reads the clients' data: over libp2p from the clients' peer, or in process,
 * for the scenarios that repair a slot (the network's data source cannot) or that need the
 * in-process reason when a client stops serving.
 */
export type DevnetContentMode = 'network' | 'in-process';

async function startHost(
  world: DevnetWorld,
  account: number,
  dataDir: string,
  joined: Joined,
  content: DevnetContentMode,
): Promise<HostRun> {
  const storage = openTestStorage({ dataDir, quotaMaxBytes: 1n << 30n });
  const io = trackRepo(storage.repo);
  const backend = await createDevnetBackend(
    { dataDir, logger: silentLogger, repo: io.repo, hasher: testHasher(), engineBusy: () => io.inFlight() > 0 },
    { world, hostAccount: world.hostAccounts[account]!, fromBlock: joined.block, content },
  );
  const sales = new Sales(
    {
      market: backend.market,
      clock: backend.clock,
      store: storage.store,
      repo: io.repo,
      dataSource: backend.dataSource,
      proofSystem: backend.proofSystem,
      history: storage.history,
      reservations: storage.reservations,
    },
    // Requests the earlier tests left open are not this host's to take (its availability is small).
    { random: seededRandom(), timings: { requeueLookbackSeconds: Math.max(0, backend.clock.now() - joined.time) } },
  );
  const events: SalesEvent[] = [];
  sales.on((event) => events.push(event));
  await sales.start();
  await backend.eventsReady!();
  return { storage, backend, sales, events, busy: () => io.inFlight() > 0 };
}

/** A scenario driver for host account `account` of the world. */
export async function devnetDriver(
  world: DevnetWorld,
  account: number,
  content: DevnetContentMode = 'network',
): Promise<ScenarioDriver> {
  const temp = tempDataDir('sk-devnet-scenario-');
  // Each test's host hears only the requests posted after it joined, not the earlier tests' ones.
  const head = (await world.chain.provider.getBlock('latest'))!;
  const joined: Joined = { block: head.number + 1, time: head.timestamp + 1 };
  let run = await startHost(world, account, temp.dir, joined, content);
  const market = () => run.backend.market;
  const token = new Contract(world.chain.addresses.token, TOKEN_ABI, world.chain.provider);
  const step = Math.max(1, Math.floor(world.config.proofs.timeout / 2));
  const advance = async (seconds: number) => {
    await run.backend.devnet.advance(seconds);
  };
  const stop = async () => {
    await run.sales.stop();
    await run.backend.close();
    run.storage.close();
  };
  return {
    market: 'devnet',
    config: world.config,
    get sales() {
      return run.sales;
    },
    get storage() {
      return run.storage;
    },
    get events() {
      return run.events;
    },
    hostAddress: run.backend.wallet.address,
    validatorAddress: world.validator!.address,
    now: () => run.backend.clock.now(),
    advance,
    async until(predicate, limit, what) {
      const start = run.backend.clock.now();
      await run.backend.devnet.settle();
      while (!(await predicate())) {
        if (run.backend.clock.now() - start > limit)
          throw new Error(`${what} not reached within ${limit} chain seconds`);
        await advance(step);
      }
    },
    post: (ask, expiry = defaultExpiry(ask)) =>
      world.clients.post({ ask: { ...scenarioAsk, ...ask }, expiry, client: 0 }),
    slotId: (requestId, slotIndex) => market().slotId(requestId, slotIndex),
    requestState: (requestId) => market().requestState(requestId),
    slotState: (slotId) => market().slotState(slotId),
    host: (requestId, slotIndex) => market().getHost(requestId, slotIndex),
    requestEnd: (requestId) => market().getRequestEnd(requestId),
    missingProofs: (slotId) => market().missingProofs(slotId),
    requestExpiry: (requestId) => market().requestExpiresAt(requestId),
    async competitorFills(requestId, slotIndex) {
      await world.competitors.fill(Number(slotIndex) % world.competitors.actors.length, requestId, slotIndex);
      await run.backend.devnet.settle();
    },
    async competitorAbandons(slotId) {
      await world.competitors.abandon(slotId);
      await run.backend.devnet.settle();
    },
    hostProofsFail(slotId, failing) {
      if (failing) run.backend.failingProofs.add(slotId);
      else run.backend.failingProofs.delete(slotId);
    },
    hostMissesNextProof: (slotId) => void run.backend.failNextProof.add(slotId),
    contentUnavailable: (requestId) => void world.content.unavailable.add(requestId),
    tokenBalance: async (address) => BigInt(await token.getFunction('balanceOf')(address)),
    filledAt: async (requestId) =>
      new Map(
        (await market().queryPastSlotFilledEvents({ fromBlock: world.chain.addresses.deployBlock }))
          .filter((e) => e.requestId === requestId)
          .map((e) => [e.slotIndex, e.timestamp] as const),
      ),
    async restartHost() {
      const failing = [...run.backend.failingProofs];
      await stop();
      run = await startHost(world, account, temp.dir, joined, content);
      for (const slotId of failing) run.backend.failingProofs.add(slotId);
    },
    async dispose() {
      await stop();
      temp.remove();
    },
  };
}
