// One market choice (--market sim|devnet|chain) returns one bundle: the Market, its clock, where
// slot data comes from, the proof system its verifier accepts, the host's wallet, and devnet
// control where the market can be scripted. compose/ wires a bundle into the engine and the api
// without knowing which market it is (docs/architecture.md).
import type {
  Alerter,
  Clock,
  Id,
  Logger,
  Market,
  ProofSystem,
  Repo,
  RequestId,
  SlotDataSource,
  StorageAsk,
  Wallet,
} from '../engine/index';
import type { BlockHasher } from '../proofs/codex/index';

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

/** The operator's circuit files for Groth16 markets (--circuit-dir / Settings, --circuit-url). */
export interface CircuitChoice {
  /** A checked folder holding proof_main.wasm, proof_main.zkey and the verification key: used as is, never downloaded. */
  readonly dir?: string;
  /** Whether `dir` came from the command line or from Settings. */
  readonly dirFrom?: 'circuit-dir' | 'settings';
  /** Where archives are downloaded from, followed by the zkeyHash (default Codex's). */
  readonly url?: string;
}

/** Where a Groth16 market's circuit files are and which setup they belong to (Settings shows it). */
export interface CircuitFilesInfo {
  /** The folder proofs read proof_main.wasm, proof_main.zkey and the verification key from. */
  readonly dir: string;
  /** The marketplace's proofs.zkeyHash: the setup proofs must come from. */
  readonly zkeyHash: string;
  /** --circuit-dir, the folder saved in Settings, found by zkeyHash under DATA/circuits/ (downloaded when missing), or the build's devnet circuit. */
  readonly origin: 'circuit-dir' | 'settings' | 'data-folder' | 'devnet';
  /** Where a missing archive is downloaded from (origin data-folder only). */
  readonly url?: string;
}

/** What every market needs from the host that runs it. */
export interface BackendContext {
  readonly dataDir: string;
  /** The circuit files a Groth16 market proves with; absent: found by zkeyHash under DATA/circuits/. */
  readonly circuits?: CircuitChoice;
  readonly logger: Logger;
  /** Where slot data is stored; proof systems read it from here and keep their slot trees beside it. */
  readonly repo: Repo;
  /**
   * Poseidon2 hashing off the main thread: the host's one HashPool, sized to the machine and shared
   * by the proof system and any simulated clients, so they never oversubscribe the cores. The host
   * creates it and closes it after the backend is closed.
   */
  readonly hasher: BlockHasher;
  /** True while the engine still has file work in flight (a devnet jump waits for it). */
  readonly engineBusy: () => boolean;
  /** Where the market raises what the operator must act on (transactions stuck). */
  readonly alerter?: Alerter;
  /**
   * The engine's record of the slot whose data is under `dataKey` (its reservation): which slot of
   * its request it is and which of its blocks are stored. A host serving its slots fetches again the
   * proofs a kill lost of blocks stored.
   */
  readonly storedSlot?: (dataKey: Id) => StoredSlotRecord | undefined;
}

/** What the engine records of a stored slot. */
export interface StoredSlotRecord {
  readonly slotIndex: bigint;
  /** The slot's block indices stored and accounted. */
  readonly storedBlocks: readonly number[];
}

/** How the host reaches its market, for the dashboard's header (markets this process runs have none). */
export interface MarketStatus {
  /** Whether the market's endpoint answers. */
  readonly connection: 'connecting' | 'connected' | 'unreachable';
  /** How the market's events arrive. */
  readonly events: 'websocket' | 'polling' | 'stopped';
  /** The newest block seen. */
  readonly head?: { readonly number: number; readonly timestamp: number };
  /** Transactions sent and not yet confirmed, and how many of them were stuck and replaced. */
  readonly pendingTransactions: number;
  readonly stuckTransactions: number;
  /** The last transport failure, one line (never a key or a password). */
  readonly lastError?: string;
}

/** A market's live status. */
export interface MarketStatusSource {
  get(): MarketStatus;
  /** Calls `listener` on every change; returns the unsubscriber. */
  subscribe(listener: (status: MarketStatus) => void): () => void;
}

/** The libp2p data plane as the dashboard shows it (structurally network/'s DataPlaneStatus). */
export interface NetworkStatusReading {
  readonly peerId: string;
  readonly listenAddrs: readonly string[];
  readonly announceAddrs: readonly string[];
  /** Peers with an open libp2p connection. */
  readonly peerCount: number;
  /** Nodes in the DHT's routing table; absent when the node runs without the DHT (sim, devnet). */
  readonly dhtPeers?: number;
  /** Our DHT record: what other nodes take as --bootstrap-node; absent without the DHT. */
  readonly spr?: string;
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
  /** The circuit files its Groth16 proofs use; absent on markets that need none (sim). */
  readonly circuit?: CircuitFilesInfo;
  /** Present on markets reached over a network (devnet, chain). */
  readonly status?: MarketStatusSource;
  /** The data plane's node (chain with network options; the sim's and the devnet's loopback node). */
  readonly network?: { status(): NetworkStatusReading };
  /** The RPC endpoint alerts name (credentials stripped); present with `status`. */
  readonly endpoint?: string;
  /**
   * Resolves once the market's events reach the engine (after the engine subscribed): a host says
   * it is ready only then. Absent when events flow from the first subscription (the simulator).
   */
  eventsReady?(): Promise<void>;
  /** Stops the market's own work and closes what it opened. */
  close(): Promise<void>;
}
