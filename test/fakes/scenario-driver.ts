// One scenario suite for every market (docs/reference/marketplace.md §7.3): a small driver per
// market lets the same test post a request, move time, make a competitor fill or walk away, make
// the host miss proofs, and restart the host, while the engine runs on real storage. Every
// scenario ends with the byte invariant and the host's token balance checked against the sales
// the engine recorded.
import type {
  MarketplaceConfig,
  RequestId,
  RequestState,
  SaleRecord,
  Sales,
  SalesEvent,
  SlotId,
  SlotState,
  StorageAsk,
} from '../../src-main/engine/index';
import type { TestStorage } from './test-db';

/** A market the scenarios drive. */
export interface ScenarioDriver {
  readonly market: 'sim' | 'devnet';
  readonly config: MarketplaceConfig;
  /** The engine (replaced by restartHost). */
  readonly sales: Sales;
  readonly storage: TestStorage;
  readonly events: SalesEvent[];
  readonly hostAddress: string;
  readonly validatorAddress: string;
  now(): number;
  /** Moves chain time forward, letting the engine and the actors do what each second asks. */
  advance(seconds: number): Promise<void>;
  /** Moves time until `predicate` holds; fails after `limit` chain seconds. */
  until(predicate: () => boolean | Promise<boolean>, limit: number, what: string): Promise<void>;
  /** A simulated client posts a request (with its data served). */
  post(ask: Partial<StorageAsk>, expiry?: bigint): Promise<RequestId>;
  slotId(requestId: RequestId, slotIndex: bigint): SlotId;
  requestState(requestId: RequestId): Promise<RequestState | undefined>;
  slotState(slotId: SlotId): Promise<SlotState>;
  host(requestId: RequestId, slotIndex: bigint): Promise<string | undefined>;
  requestEnd(requestId: RequestId): Promise<number>;
  missingProofs(slotId: SlotId): Promise<number>;
  requestExpiry(requestId: RequestId): Promise<number>;
  /** A competitor reserves and fills the slot now. */
  competitorFills(requestId: RequestId, slotIndex: bigint): Promise<void>;
  /** The competitor holding the slot frees it. */
  competitorAbandons(slotId: SlotId): Promise<void>;
  /** Every proof of ours for the slot fails (or stops failing). */
  hostProofsFail(slotId: SlotId, failing: boolean): void;
  /** Exactly the host's next proof for the slot fails. */
  hostMissesNextProof(slotId: SlotId): void;
  /** The client stops serving the request's data. */
  contentUnavailable(requestId: RequestId): void;
  tokenBalance(address: string): Promise<bigint>;
  /** When each slot of the request was filled, by slot index (from the SlotFilled events). */
  filledAt(requestId: RequestId): Promise<Map<bigint, number>>;
  /** Stops the engine and starts it again on the same data folder and the same market. */
  restartHost(): Promise<void>;
  dispose(): Promise<void>;
}

/** Every sale of a request, oldest first. */
export function salesOf(d: ScenarioDriver, requestId: RequestId): SaleRecord[] {
  return d.sales
    .sales()
    .filter((sale) => sale.requestId === requestId)
    .reverse();
}

/** The states a sale went through. */
export function timelineOf(d: ScenarioDriver, sale: SaleRecord): string[] {
  return d.storage.history.steps(sale.id).map((step) => step.state);
}

/** What the host's token balance must have moved by, from the engine's own records: payouts and collateral. */
export function expectedTokenChange(d: ScenarioDriver): bigint {
  let change = 0n;
  for (const sale of d.sales.sales()) {
    if (sale.filledAt === undefined) continue;
    change += (sale.payout ?? 0n) + (sale.collateralReturned ?? 0n) - sale.collateral;
  }
  return change;
}

/** Waits (moving time) until no sale runs and the queue is empty. */
export function untilIdle(d: ScenarioDriver, limit = 600): Promise<void> {
  return d.until(() => d.sales.activeAgents.length === 0 && d.sales.queue.processing === 0, limit, 'the engine idle');
}
