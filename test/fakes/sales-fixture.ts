// The fixture of Codex's Sales tests (docs/reference/sales-tests.md §C): a FakeMarket, a manual clock, real
// storage in a temp folder, and Sales with replaceable onStore / onProve / onSale / onClear, started.
import {
  Sales,
  silentLogger,
  type Logger,
  type NewAvailability,
  type SalesEvent,
  type SalesOptions,
  type StorageRequest,
} from '../../src-main/engine/index';
import { type OnProve, type OnStore, type SaleSlot } from '../../src-main/engine/sales/context';
import { emptyProof, exampleStorageRequest, FakeMarket } from './fake-market';
import { FakeDataSource, FakeProofSystem } from './fake-proofs';
import { manualClock } from './manual-clock';
import { seededRandom } from './sales-harness';
import { openTestStorage } from './test-db';

/** Callbacks a test swaps while Sales runs. */
export interface SalesHooks {
  store: OnStore;
  prove: OnProve;
  sale: (slot: SaleSlot) => void;
  clear: (slot: SaleSlot) => void;
}

/** Codex's Sales-test request: 4 slots of 100 bytes for 60 s at 1 per byte-second, collateral 1 per byte, expiry 60. */
export function salesRequest(nonce = 1, overrides: Partial<StorageRequest['ask']> = {}): StorageRequest {
  const request = exampleStorageRequest(
    { slots: 4n, slotSize: 100n, duration: 60n, pricePerBytePerSecond: 1n, collateralPerByte: 1n, ...overrides },
    nonce,
  );
  return { ...request, expiry: 60n };
}

/** Codex's availability template: exactly one slot's bytes and collateral, 60 s, price 1. */
export function salesAvailability(overrides: Partial<NewAvailability> = {}): NewAvailability {
  return { totalSize: 100n, duration: 60n, minPricePerBytePerSecond: 1n, totalCollateral: 100n, ...overrides };
}

/** Builds Sales over a FakeMarket; `start` (default true) starts it. */
export async function salesFixture(options: { start?: boolean; sales?: SalesOptions; logger?: Logger } = {}) {
  const clock = manualClock();
  const market = new FakeMarket(clock);
  const storage = openTestStorage({ quotaMaxBytes: 1n << 30n });
  const request = salesRequest();
  const requestId = market.requestId(request);
  const proof = emptyProof();
  const calls = {
    stores: [] as SaleSlot[],
    proves: [] as SaleSlot[],
    sales: [] as SaleSlot[],
    clears: [] as SaleSlot[],
  };
  const hooks: SalesHooks = {
    store: async (input, onBatch) => {
      calls.stores.push(input);
      onBatch(input.request.ask.slotSize);
    },
    prove: async (slot) => {
      calls.proves.push(slot);
      return proof;
    },
    sale: (slot) => calls.sales.push(slot),
    clear: (slot) => calls.clears.push(slot),
  };
  const sales = new Sales(
    {
      market,
      clock,
      store: storage.store,
      repo: storage.repo,
      dataSource: new FakeDataSource(),
      proofSystem: new FakeProofSystem(storage.repo),
      history: storage.history,
      reservations: storage.reservations,
    },
    {
      logger: options.logger ?? silentLogger,
      random: seededRandom(),
      onStore: (input, onBatch, signal) => hooks.store(input, onBatch, signal),
      onProve: (slot, challenge, signal) => hooks.prove(slot, challenge, signal),
      onSale: (slot) => hooks.sale(slot),
      onClear: (slot) => hooks.clear(slot),
      ...options.sales,
    },
  );
  const events: SalesEvent[] = [];
  sales.on((event) => events.push(event));
  if (options.start ?? true) await sales.start();
  const reservations = storage.reservations;
  return {
    clock,
    market,
    storage,
    reservations,
    request,
    requestId,
    proof,
    sales,
    hooks,
    calls,
    events,
    /** Lets pending promises run without moving time. */
    settle: () => clock.settle(),
    /** Waits until agent 0 is in SaleInitialProving, then moves to 1 s after the period's end (Codex's allowRequestToStart). */
    async allowRequestToStart(): Promise<void> {
      for (let i = 0; i < 50 && sales.activeAgents[0]?.state() !== 'SaleInitialProving'; i++) await clock.settle();
      const period = market.config.proofs.period;
      await clock.advanceTo((Math.floor(clock.now() / period) + 1) * period + 1);
    },
    async dispose(): Promise<void> {
      await sales.stop();
      storage.dispose();
    },
  };
}

/** What salesFixture returns. */
export type SalesFixture = Awaited<ReturnType<typeof salesFixture>>;
