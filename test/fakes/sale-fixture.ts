// What every sale-state test starts from (docs/reference/sales-tests.md §F "common fixture"): Codex's example
// request, slot index slots/2, a FakeMarket that knows the request, a manual clock, real storage in
// a temp folder (availabilities, reservations, history) and an agent whose callbacks record calls.
import {
  defaultSalesTimings,
  silentLogger,
  type Proof,
  type ProofChallenge,
  type SalesEvent,
  type SaleStateName,
  type Seconds,
  type StorageRequest,
} from '../../src-main/engine/index';
import { SalesAgent } from '../../src-main/engine/sales/agent';
import { type SaleSlot, type SalesContext, type StoreSlotInput } from '../../src-main/engine/sales/context';
import { SalesEvents } from '../../src-main/engine/sales/events';
import { ProofPacing } from '../../src-main/engine/sales/proof-pacing';
import { SaleRecorder } from '../../src-main/engine/sales/sale-recorder';
import { Semaphore } from '../../src-main/engine/sales/semaphore';
import { RecordingAlerter } from './recording-alerter';
import { type SaleState } from '../../src-main/engine/sales/state';
import { emptyProof, exampleStorageRequest, FakeMarket } from './fake-market';
import { manualClock } from './manual-clock';
import { immediateWrites } from './history-writes';
import { openTestStorage } from './test-db';

/** Recorded calls of the agent's and context's callbacks. */
export interface Recorded {
  cleanUps: { reprocessSlot: boolean; returnedCollateral: bigint | undefined }[];
  stores: StoreSlotInput[];
  proves: { slot: SaleSlot; challenge: ProofChallenge }[];
  expiryUpdates: Seconds[];
  clears: SaleSlot[];
  filled: number;
  events: SalesEvent[];
}

/** Options of a sale-state fixture. */
export interface FixtureOptions {
  /** The agent knows the request from the start (default true) and the market knows it (default true). */
  readonly agentKnowsRequest?: boolean;
  readonly marketKnowsRequest?: boolean;
  readonly request?: StorageRequest;
  readonly simulateProofFailures?: number;
  /** What onProve returns (default: an empty proof). */
  readonly proof?: Proof;
  /** First state recorded in the sale's history (default SalePreparing). */
  readonly firstState?: SaleStateName;
}

/** Builds the fixture; call dispose() in afterEach. */
export async function saleFixture(options: FixtureOptions = {}) {
  const clock = manualClock();
  const market = new FakeMarket(clock);
  const storage = openTestStorage({ quotaMaxBytes: 1n << 40n });
  const request = options.request ?? exampleStorageRequest();
  const requestId = market.requestId(request);
  if (options.marketKnowsRequest ?? true) await market.requestStorage(request);
  const slotIndex = request.ask.slots / 2n;
  const slotId = market.slotId(requestId, slotIndex);
  const recorded: Recorded = {
    cleanUps: [],
    stores: [],
    proves: [],
    expiryUpdates: [],
    clears: [],
    filled: 0,
    events: [],
  };
  const events = new SalesEvents(silentLogger);
  events.on((event) => recorded.events.push(event));
  const proof = options.proof ?? emptyProof();
  const alerter = new RecordingAlerter();
  const context: SalesContext = {
    market,
    clock,
    reservations: storage.reservations,
    timings: defaultSalesTimings,
    logger: silentLogger,
    events,
    alerter,
    canRepair: true,
    onStore: async (input) => {
      recorded.stores.push(input);
    },
    onProve: async (slot, challenge) => {
      recorded.proves.push({ slot, challenge });
      return proof;
    },
    onExpiryUpdate: async (_slot, expiry) => {
      recorded.expiryUpdates.push(expiry);
    },
    onClear: (slot) => recorded.clears.push(slot),
    proofs: new Semaphore(defaultSalesTimings.maxConcurrentProofs),
    pacing: new ProofPacing(alerter, silentLogger),
    simulateProofFailures: options.simulateProofFailures ?? 0,
    invalidProof: () => ({ scheme: 'fake', challenge: '0x', valid: false }) as Proof,
    signer: () => market.getSigner(),
  };
  const log = SaleRecorder.create(immediateWrites(storage.history, clock), events, clock, {
    slotId,
    requestId,
    slotIndex,
    state: options.firstState ?? 'SalePreparing',
    slotSize: request.ask.slotSize,
    duration: request.ask.duration,
    pricePerBytePerSecond: request.ask.pricePerBytePerSecond,
    collateral: request.ask.collateralPerByte * request.ask.slotSize,
    downloadedBytes: 0n,
    startedAt: clock.now(),
    proofs: { required: 0, submitted: 0, missed: 0 },
  });
  log.entered(options.firstState ?? 'SalePreparing');
  const agent = new SalesAgent(
    context,
    { requestId, slotIndex, ...((options.agentKnowsRequest ?? true) ? { request } : {}) },
    log,
  );
  agent.onCleanUp = async (reprocessSlot, returnedCollateral) => {
    recorded.cleanUps.push({ reprocessSlot, returnedCollateral });
  };
  agent.onFilled = () => {
    recorded.filled++;
  };
  const signal = new AbortController().signal;
  /**
   * Starts the agent's real machine in `state` and resolves with the state it moves to, or undefined
   * when it is still there after `turns` settles. A failing run becomes SaleErrored this way, as in the app.
   */
  const next = async (state: SaleState, turns = 50): Promise<SaleState | undefined> => {
    agent.start(state);
    for (let i = 0; i < turns; i++) {
      await clock.settle();
      const current = agent.currentState;
      if (current !== undefined && current !== state) return current;
    }
    return undefined;
  };
  return {
    next,
    clock,
    market,
    storage,
    request,
    requestId,
    slotIndex,
    slotId,
    context,
    agent,
    recorded,
    /** Every alert the states raised or resolved. */
    alerter,
    signal,
    /** Moves the clock to one second after the end of the current period. */
    advanceToNextPeriod: async (): Promise<void> => {
      const period = market.config.proofs.period;
      await clock.advanceTo((Math.floor(clock.now() / period) + 1) * period + 1);
    },
    async dispose(): Promise<void> {
      await agent.stop();
      storage.dispose();
    },
  };
}

/** What saleFixture returns. */
export type SaleFixture = Awaited<ReturnType<typeof saleFixture>>;
