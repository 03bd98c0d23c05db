// What the dashboard's read model needs from the rest of the process, declared here in its own
// terms (hostd style): the sales engine's reads and commands, the repo quota, the chain clock and
// the host's wallet. compose/ passes the engine, the repo and the market backend's parts straight in.
import type {
  Address,
  Availability,
  AvailabilityPatch,
  Earnings,
  Id,
  Logger,
  NewAvailability,
  ProofReadiness,
  QueueSnapshot,
  RepoQuota,
  Reservation,
  SaleDetail,
  SaleOutcome,
  SaleQuery,
  SaleRecord,
  SalesListener,
  SaleStateName,
  SaleStep,
  Seconds,
  StorageRequest,
  OutcomeKind,
} from '../../engine/index';
import type { CircuitFilesDto, MarketKind } from '../dto';

/** A sale running now, with the request it sells (what its expected payout is computed from). */
export interface RunningSale {
  readonly data: { readonly request?: StorageRequest };
  readonly record: { readonly sale: SaleRecord };
}

/** The sales engine as the dashboard reads and commands it (the Sales facade has all of it). */
export interface SalesEngine {
  availabilities(): Availability[];
  /** Writes the history's batched changes, so the database reads below see every change told so far. */
  flushHistory(): void;
  /** Every reservation, or those of one availability. */
  reservationsOf(availabilityId?: Id): Reservation[];
  /** Sale summaries, newest first. */
  sales(query?: SaleQuery): SaleRecord[];
  /** The newest sale of a slot, with its timeline. */
  sale(slotId: Id): SaleDetail | undefined;
  readonly activeAgents: readonly RunningSale[];
  queueSnapshot(): QueueSnapshot;
  earnings(): Earnings;
  /** Whether the proof system can prove now, as last checked. */
  proofReadiness(): ProofReadiness;
  /** Outcomes, newest first. */
  recentOutcomes(limit: number): SaleOutcome[];
  /** Receives every engine event; returns the unsubscribe function. */
  on(listener: SalesListener): () => void;
  createAvailability(input: NewAvailability): Availability;
  updateAvailability(id: Id, patch: AvailabilityPatch): Availability;
  deleteAvailability(id: Id): void;
  pauseSelling(): void;
  resumeSelling(): void;
}

/** The repo's quota beside the disk, and what each slot has on disk. */
export interface QuotaSource {
  quota(): RepoQuota;
  /** Bytes of one slot's data on disk now; 0 when it has none. */
  slotBytesOnDisk(slotId: Id): bigint;
}

/** Columns the history's slot pages order by. */
export type SlotOrder = 'slot' | 'state' | 'size' | 'progress' | 'proofs' | 'payout' | 'startedAt' | 'endsAt';

/** Where a page ended: its last row's order values and id. */
export interface PageKey {
  readonly values: readonly (string | number)[];
  readonly id: number;
}

/** A stored sale and how often in a row it was skipped. */
export interface StoredSale {
  readonly record: SaleRecord;
  readonly ignoredTimes: number;
  readonly ignoredSince?: number;
}

/** One page of stored rows, the key after its last row (absent on the last page), and the total matching. */
export interface StoredPage<T> {
  readonly rows: T[];
  readonly next?: PageKey;
  readonly total: number;
}

/** The whole sale history as the dashboard pages, counts and sums it (storage's SQL does the work). */
export interface HistoryQueries {
  slotPage(query: {
    states?: readonly SaleStateName[];
    text?: string;
    order: SlotOrder;
    direction: 'asc' | 'desc';
    after?: PageKey;
    limit: number;
  }): StoredPage<StoredSale>;
  slotStateCounts(): Partial<Record<SaleStateName, number>>;
  outcomePage(query: {
    kind?: OutcomeKind;
    since?: number;
    text?: string;
    after?: PageKey;
    limit: number;
  }): StoredPage<SaleOutcome>;
  outcomeKindCounts(): Partial<Record<OutcomeKind, number>>;
  /** Every sale of a slot, newest first. */
  salesOfSlot(slotId: Id): StoredSale[];
  sale(id: number): StoredSale | undefined;
  /** A sale's timeline, oldest first. */
  steps(saleId: number): SaleStep[];
  totalPaid(): bigint;
  totalSlashed(): bigint;
  /** Paid per month; the months add up to totalPaid(). */
  paidByMonth(): { readonly month: string; readonly paid: bigint }[];
}

/** The market's clock. */
export interface ChainTime {
  /** Chain time, unix seconds. */
  now(): Seconds;
}

/** The market's payment token (the engine's Wallet port has the same shape). */
export interface TokenInfo {
  readonly symbol: string;
  readonly decimals: number;
}

/** What the host holds, in base units; `gas` is undefined on a market without gas. */
export interface WalletBalances {
  readonly token: bigint;
  readonly gas: bigint | undefined;
}

/** The host's account on its market: structurally the engine's Wallet port, so a backend's wallet passes straight in. */
export interface WalletSource {
  readonly address: Address;
  /** The payment token's symbol and decimals, read from the market. */
  token(): Promise<TokenInfo>;
  balances(): Promise<WalletBalances>;
}

/** A market's connection as a network market reports it (structurally market/backend.ts's MarketStatus). */
export interface MarketStatusReading {
  readonly connection: 'connecting' | 'connected' | 'unreachable';
  readonly events: 'websocket' | 'polling' | 'stopped';
  readonly head?: { readonly number: number; readonly timestamp: number };
  readonly pendingTransactions: number;
  readonly stuckTransactions: number;
  readonly lastError?: string;
}

/** Where the market's connection status is read and followed. */
export interface MarketStatusReader {
  get(): MarketStatusReading;
  subscribe(listener: (status: MarketStatusReading) => void): () => void;
}

/** The data plane's node as the network reports it (structurally market/backend.ts's NetworkStatusReading). */
export interface NetworkStatusReading {
  readonly peerId: string;
  readonly listenAddrs: readonly string[];
  readonly announceAddrs: readonly string[];
  readonly peerCount: number;
  /** Absent when the node runs without the DHT (a simulated market's node, whose one peer is its clients'). */
  readonly dhtPeers?: number;
  readonly spr?: string;
}

/** Everything the read model reads. */
export interface ReadModelDeps {
  readonly sales: SalesEngine;
  readonly repo: QuotaSource;
  readonly history: HistoryQueries;
  /** Sets the quota (checked against what is held and remembered, in one step); absent: the quota is fixed. */
  readonly setQuota?: (maxBytes: bigint) => RepoQuota;
  /** Whether the operator chose the quota (else it is the default). */
  readonly quotaChosen?: () => boolean;
  /** Whether the proof circuit files are in place, on a market that needs them. */
  readonly circuits?: () => 'ready' | 'missing';
  readonly clock: ChainTime;
  readonly wallet: WalletSource;
  /** Which market the engine sells on. */
  readonly marketKind: MarketKind;
  /** The market's connection (network markets only). */
  readonly status?: MarketStatusReader;
  /** The data plane's node (chain with network options, the sim's and devnet's loopback node); read on each market refresh. */
  readonly network?: { status(): NetworkStatusReading };
  /** How often values many events touch (quota, earnings, the wallet) are refreshed, in ms. */
  readonly refreshMs?: number;
  /** How long a snapshot waits for fresh wallet balances before it shows the last ones read (ms, default 1000). */
  readonly marketWaitMs?: number;
  /** Where a failed wallet read is reported (the dashboard keeps the last balances meanwhile). */
  readonly logger?: Pick<Logger, 'warn'>;
  /** The circuit files the market's proofs use (absent on the simulated market). */
  readonly circuit?: CircuitFilesDto;
}
