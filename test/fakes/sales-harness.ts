// The whole sales engine as the hosts build it, for end-to-end tests: real storage (a WAL SQLite
// file and a repo folder in a temp dir), the simulated marketplace under a manual clock, and Sales
// wired to both. Also the checks every scenario ends with: token balances and the byte invariant.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Sales, silentLogger, type SalesOptions } from '../../src-main/engine/index';
import type {
  Availability,
  Market,
  NewAvailability,
  Repo,
  SaleOutcome,
  SaleRecord,
  SalesEvent,
  SlotDataSource,
  StorageAsk,
  StorageRequest,
  Wallet,
} from '../../src-main/engine/index';
import { createInProcessSimBackend, type MarketSimulator, type SimulatorOptions } from '../../src-main/market/index';
import { BLOCK, quietOptions, smallAsk } from './sim-scenarios';
import { testHasher } from './test-hasher';
import { trackHasher } from '../../src-main/compose/tracked-hasher';
import { trackRepo } from '../../src-main/compose/tracked-repo';
import { byteImbalances } from './availabilities';
import { brokenInvariants } from './sales-invariants';
import { openTestStorage, tempDataDir, type TestStorage } from './test-db';

/** A deterministic random source (LCG), so slot orders repeat run to run. */
export function seededRandom(seed = 7): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** How to build a harness. */
export interface HarnessOptions {
  readonly sim?: Partial<SimulatorOptions>;
  readonly sales?: SalesOptions;
  readonly quotaMaxBytes?: bigint;
  /** Reuse a data folder (restart tests). */
  readonly dataDir?: string;
  /** The host's Market over the simulator (default: sim.connect()). */
  readonly market?: (sim: MarketSimulator) => Market;
  /** Wraps the simulated clients' data source (to slow or break downloads). */
  readonly dataSource?: (content: SlotDataSource) => SlotDataSource;
  /** Wraps the host's repo (to fill its disk). */
  readonly repo?: (repo: Repo) => Repo;
}

/** The engine, its storage and its market. */
export interface Harness {
  readonly sim: MarketSimulator;
  readonly storage: TestStorage;
  readonly sales: Sales;
  /** The host's wallet on the simulated chain, as the hosts get it from the backend. */
  readonly wallet: Wallet;
  readonly dataDir: string;
  readonly events: SalesEvent[];
  /** Lets the engine finish what it is doing now (promises and file I/O), without moving time. */
  settle(): Promise<void>;
  /** Moves chain time forward one second at a time, letting the engine finish its I/O at each second. */
  advance(seconds: number): Promise<void>;
  /** advance() up to chain time `t`. */
  advanceTo(t: number): Promise<void>;
  /** Stops the engine, closes the market and the database; deletes the folder unless kept. */
  dispose(options?: { keep?: boolean }): Promise<void>;
}

/** Builds and starts the engine against a quiet simulated market. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const temp = options.dataDir === undefined ? tempDataDir('slotkeeper-sales-') : undefined;
  const dataDir = options.dataDir ?? temp!.dir;
  const storage = openTestStorage({ dataDir, quotaMaxBytes: options.quotaMaxBytes ?? 1n << 30n });
  const io = trackRepo(storage.repo);
  const hashing = trackHasher(testHasher());
  const busy = () => io.inFlight() > 0 || hashing.inFlight() > 0;
  // The same bundle the hosts build (compose/backends.ts), on a quiet, manually clocked chain.
  const backend = createInProcessSimBackend(
    { dataDir, logger: silentLogger, repo: io.repo, hasher: hashing.hasher, engineBusy: busy },
    { simulator: quietOptions({ dbPath: join(dataDir, 'chain.sqlite'), hasher: hashing.hasher, ...options.sim }) },
  );
  const sim = backend.simulator;
  const sales = new Sales(
    {
      market: options.market ? options.market(sim) : backend.market,
      clock: backend.clock,
      store: storage.store,
      repo: options.repo ? options.repo(io.repo) : io.repo,
      dataSource: options.dataSource ? options.dataSource(backend.dataSource) : backend.dataSource,
      proofSystem: backend.proofSystem,
      history: storage.history,
      reservations: storage.reservations,
    },
    { random: seededRandom(), alerter: storage.alerts, ...options.sales },
  );
  const events: SalesEvent[] = [];
  sales.on((event) => events.push(event));
  const settle = async (): Promise<void> => {
    do {
      await io.drained();
      await sim.clock.settle();
    } while (busy());
  };
  const advance = async (seconds: number): Promise<void> => {
    await settle();
    for (let s = 0; s < seconds; s++) {
      await sim.clock.advanceTime(1);
      await settle();
    }
  };
  await sales.start();
  await settle();
  return {
    sim,
    storage,
    sales,
    wallet: backend.wallet,
    dataDir,
    events,
    settle,
    advance,
    advanceTo: (t) => advance(t - sim.now()),
    async dispose({ keep = false } = {}) {
      await sales.stop();
      sim.close();
      storage.close();
      if (!keep) temp?.remove();
    },
  };
}

/** An availability that takes `slots` slots of the small ask (64 KiB, collateral 2 per byte). */
export function availabilityFor(slots: bigint, overrides: Partial<NewAvailability> = {}): NewAvailability {
  return {
    totalSize: BLOCK * slots,
    duration: 7200n,
    minPricePerBytePerSecond: 1n,
    totalCollateral: 2n * BLOCK * slots,
    ...overrides,
  };
}

const du = (dir: string): bigint =>
  BigInt(execFileSync('du', ['-s', '--block-size=1', dir], { encoding: 'utf8' }).split('\t')[0]!);

/**
 * The byte invariant (docs/architecture.md), checked against live state: per availability totalSize = freeSize +
 * Σ reservation.size + bytes of its live slots already written (read from the repo), and the
 * repo's `used` equals what du reports. Returns the broken promises (empty when all hold).
 */
export function byteInvariantViolations(h: Pick<Harness, 'storage'>): string[] {
  const { reservations, repo, repoDir } = h.storage;
  const broken = brokenInvariants(reservations, repo);
  const all = reservations.listReservations();
  const onDisk = all.map((r) => ({
    availabilityId: r.availabilityId,
    size: r.size,
    writtenSize: repo.slotDataSize(r.id),
  }));
  for (const [id, imbalance] of byteImbalances(reservations.listAvailabilities(), onDisk)) {
    if (imbalance !== 0n) broken.push(`availability ${id}: data on disk is off by ${imbalance} bytes`);
  }
  const used = repo.quota().used;
  if (used !== du(repoDir)) broken.push(`repo used ${used} ≠ du ${du(repoDir)}`);
  return broken;
}

/** The availability as it is now. */
export function current(h: Harness, availability: Availability): Availability {
  return h.storage.reservations.getAvailability(availability.id);
}

/** Resolves once `predicate` holds, advancing the chain clock `step` seconds at a time (at most `limit` seconds). */
export async function advanceUntil(h: Harness, predicate: () => boolean, limit = 100_000): Promise<void> {
  const start = h.sim.now();
  await h.settle();
  while (!predicate()) {
    if (h.sim.now() - start > limit) throw new Error(`condition not reached within ${limit} chain seconds`);
    await h.advance(1);
  }
}

/** States the sale of a slot went through, in order. */
export function statesOf(h: Harness, requestId: string, slotIndex: bigint): string[] {
  const slotId = h.sim.connect().slotId(requestId, slotIndex);
  return h.sales.sale(slotId)?.timeline.map((step) => step.state) ?? [];
}

/** This host's token balance on the simulated chain. */
export function hostBalance(h: Harness): bigint {
  return h.sim.balanceOf(h.sim.hostAddress);
}

/** Every sale of a request, oldest first. */
export function salesOf(h: Harness, requestId: string): SaleRecord[] {
  return h.sales
    .sales()
    .filter((sale) => sale.requestId === requestId)
    .reverse();
}

/** Outcomes told so far, oldest first. */
export function outcomesOf(h: Harness): SaleOutcome[] {
  return h.events.flatMap((event) => (event.type === 'outcome' ? [event.outcome] : []));
}

/** Waits (moving chain time) until no sale is running any more. */
export function untilIdle(h: Harness, limit = 10_000): Promise<void> {
  return advanceUntil(h, () => h.sales.activeAgents.length === 0 && h.sales.queue.processing === 0, limit);
}

/** A request posted by an address that is not a simulated client: nobody serves its data or withdraws for it. */
export async function postUnserved(h: Harness, ask: Partial<StorageAsk> = {}, expiry = 60n): Promise<string> {
  const client = h.sim.actor('competitor', 900);
  const request: StorageRequest = {
    client,
    ask: { ...smallAsk, ...ask },
    content: { cid: '0x01701220' + 'ee'.repeat(32), merkleRoot: '0x' + 'ef'.repeat(32) },
    expiry,
    nonce: '0x' + (++unservedNonce).toString(16).padStart(64, '0'),
  };
  const { ask: a } = request;
  h.sim.mint(client, a.slots * a.duration * a.pricePerBytePerSecond * a.slotSize);
  return h.sim.connect(client).requestStorage(request);
}
let unservedNonce = 0;

/**
 * The host's Market with every transaction made durable at once (the simulator otherwise writes
 * its chain at the end of the event-loop turn). A real chain is durable once a transaction is
 * confirmed; crash tests need the same, or a kill could undo a fill the engine already recorded.
 */
export function durableMarket(sim: MarketSimulator): Market {
  const market = sim.connect();
  const transactions = new Set([
    'reserveSlot',
    'fillSlot',
    'freeSlot',
    'submitProof',
    'requestStorage',
    'withdrawFunds',
  ]);
  return new Proxy(market, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!transactions.has(String(name))) return value.bind(target);
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          sim.flush();
        }
      };
    },
  });
}
