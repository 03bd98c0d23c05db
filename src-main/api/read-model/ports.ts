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
  QueueSnapshot,
  RepoQuota,
  Reservation,
  SaleDetail,
  SaleOutcome,
  SaleQuery,
  SaleRecord,
  SalesListener,
  Seconds,
  StorageRequest,
} from '../../engine/index';
import type { MarketKind } from '../dto';

/** A sale running now, with the request it sells (what its expected payout is computed from). */
export interface RunningSale {
  readonly data: { readonly request?: StorageRequest };
  readonly record: { readonly sale: SaleRecord };
}

/** The sales engine as the dashboard reads and commands it (the Sales facade has all of it). */
export interface SalesEngine {
  availabilities(): Availability[];
  /** Every reservation, or those of one availability. */
  reservationsOf(availabilityId?: Id): Reservation[];
  /** Sale summaries, newest first. */
  sales(query?: SaleQuery): SaleRecord[];
  /** The newest sale of a slot, with its timeline. */
  sale(slotId: Id): SaleDetail | undefined;
  readonly activeAgents: readonly RunningSale[];
  queueSnapshot(): QueueSnapshot;
  earnings(): Earnings;
  /** Outcomes, newest first. */
  recentOutcomes(limit: number): SaleOutcome[];
  /** Receives every engine event; returns the unsubscribe function. */
  on(listener: SalesListener): () => void;
  createAvailability(input: NewAvailability): Availability;
  updateAvailability(id: Id, patch: AvailabilityPatch): Availability;
  pauseSelling(): void;
  resumeSelling(): void;
}

/** The repo's quota beside the disk. */
export interface QuotaSource {
  quota(): RepoQuota;
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

/** Everything the read model reads. */
export interface ReadModelDeps {
  readonly sales: SalesEngine;
  readonly repo: QuotaSource;
  readonly clock: ChainTime;
  readonly wallet: WalletSource;
  /** Which market the engine sells on. */
  readonly marketKind: MarketKind;
  /** How often values many events touch (quota, earnings, the wallet) are refreshed, in ms. */
  readonly refreshMs?: number;
  /** Where a failed wallet read is reported (the dashboard keeps the last balances meanwhile). */
  readonly logger?: Pick<Logger, 'warn'>;
}
