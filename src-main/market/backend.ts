// One market choice (--market sim|devnet|chain) returns one bundle: the Market, its clock, where
// slot data comes from, the proof system its verifier accepts, the host's wallet, and devnet
// control where the market can be scripted. compose/ wires a bundle into the engine and the api
// without knowing which market it is (docs/architecture.md).
import type {
  Clock,
  Logger,
  Market,
  ProofSystem,
  Repo,
  RequestId,
  SlotDataSource,
  StorageAsk,
  Wallet,
} from '../engine/index';

/** The markets Slotkeeper can sell on. */
export const MarketKinds = ['sim', 'devnet', 'chain'] as const;
/** One of the markets Slotkeeper can sell on. */
export type MarketKind = (typeof MarketKinds)[number];

/** A storage request a scripted client posts on a devnet (expiry in seconds after posting). */
export interface DevnetRequest {
  readonly ask: StorageAsk;
  readonly expiry: bigint;
}

/** A request's state and its slots, as the devnet api shows them. */
export interface DevnetRequestView {
  readonly state: string;
  readonly slots: readonly { readonly slotIndex: number; readonly state: string; readonly host: string }[];
}

/** Scripting a market that belongs to this process: move its clock, post requests, read them back. */
export interface DevnetControl {
  /** Chain time in seconds. */
  now(): number;
  /** Moves chain time forward; resolves with the new time once the engine has seen it. */
  advance(seconds: number): Promise<number>;
  /** A simulated client posts the request and serves its data; rejects with the contract's error name. */
  postRequest(request: DevnetRequest): Promise<RequestId>;
  /** The request's state and slots, or undefined when unknown. */
  request(requestId: RequestId): Promise<DevnetRequestView | undefined>;
}

/** What every market needs from the host that runs it. */
export interface BackendContext {
  readonly dataDir: string;
  readonly logger: Logger;
  /** Where slot data is stored; proof systems read it from here. */
  readonly repo: Repo;
  /** True while the engine still has file work in flight (a devnet jump waits for it). */
  readonly engineBusy: () => boolean;
}

/** Everything the engine and the api need from one market. */
export interface MarketBackend {
  readonly kind: MarketKind;
  readonly market: Market;
  readonly clock: Clock;
  readonly dataSource: SlotDataSource;
  readonly proofSystem: ProofSystem;
  readonly wallet: Wallet;
  /** Present only on markets this process runs (sim, devnet). */
  readonly devnet?: DevnetControl;
  /** Stops the market's own work and closes what it opened. */
  close(): Promise<void>;
}
