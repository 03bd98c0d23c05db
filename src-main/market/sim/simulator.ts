// The embedded marketplace: one simulated chain (clock, contract, token, events, content) with its
// actors, persisted in its own SQLite file. Hosts get a Market through connect(); the devnet helpers
// (postRequest, requestSummary, hostAccount, advance) back the headless host's /api/devnet/v1.
import {
  type Address,
  type HistoryFrom,
  type Logger,
  type MarketEventName,
  type MarketplaceConfig,
  type PastEvent,
  type RequestId,
  type Seconds,
  silentLogger,
  type StorageAsk,
  type StorageRequest,
} from '../../engine/index';
import { slotIdOf } from '../ids';
import { actorAddress, CLIENT_COUNT } from './accounts';
import { SimClients } from './actors/clients';
import { type CompetitorBehaviour, SimCompetitors } from './actors/competitors';
import { SimValidator } from './actors/validator';
import type { ActorWorld } from './actors/world';
import { ChainClock } from './clock';
import { type ConfigOverrides, desktopConfig, makeConfig, validateConfig } from './config';
import { type BlockHasher, prioritized } from '../../proofs/codex/index';
import { ContentServer } from './content-server';
import type { PostRequestInput } from './actors/clients';
import { Marketplace } from './contract';
import { EventBus } from './events';
import { solvency, type Solvency } from './invariant';
import { Ledger } from './ledger';
import { SimStore } from './persist';
import { chainSeedOf } from './proving';
import { Rng } from './rng';
import { SimMarket } from './sim-market';
import { ChainState } from './state';

/** How to build (or reopen) a simulated marketplace. */
export interface SimulatorOptions {
  /** Seeds the chain's challenges, content and every actor. Default 1. */
  seed?: number | string;
  /** 'realtime' (default) for the app, 'manual' for tests. */
  clock?: 'manual' | 'realtime';
  /** Chain seconds per wall second in realtime mode. Default 1. */
  speed?: number;
  /** Chain time at genesis (manual default 1_700_000_000, realtime default now). */
  start?: Seconds;
  /** SQLite file; omitted means in memory only (no restart). */
  dbPath?: string;
  /** Base configuration (default: the contracts' deployment defaults) and overrides. */
  config?: MarketplaceConfig;
  configOverrides?: ConfigOverrides;
  /**
   * Poseidon2 hashing for the clients' datasets (Codex's slot layout). The simulator's owner creates
   * it and closes it after close(): the app hands in its one HashPool, shared with the host's proofs.
   */
  hasher: BlockHasher;
  /** This provider's address (connect() default). Default: derived from the seed. */
  hostAddress?: Address;
  /** Tokens minted to the host at genesis. Default 10^24 (a million TST of 18 decimals). */
  hostBalance?: bigint;
  /** Mean requests per hour of chain time the simulated clients post. Default 60; 0 = none. */
  clientRate?: number;
  /** Fixes some ask fields of every request the clients post on their own (e.g. tiny slots in tests). */
  clientAsk?: Partial<StorageAsk>;
  /** Number of competitor hosts. Default 3; 0 = none. */
  competitors?: number;
  competitorBehaviour?: CompetitorBehaviour;
  /** Run the simulated validator. Default true. */
  validator?: boolean;
  /** Macrotask turns the manual clock gives the event loop after each timer. */
  settleTurns?: number;
  logger?: Logger;
}

/** A simulated Codex marketplace. */
export class MarketSimulator implements ActorWorld {
  readonly state = new ChainState();
  readonly clock: ChainClock;
  readonly contract: Marketplace;
  readonly ledger: Ledger;
  readonly events: EventBus;
  readonly content: ContentServer;
  readonly chainSeed: string;
  readonly hostAddress: Address;
  readonly logger: Logger;
  readonly clients: SimClients;
  readonly competitors: SimCompetitors;
  readonly validator: SimValidator | undefined;
  /** Addresses of the simulated clients: the content server serves their requests. */
  readonly clientAddresses = new Set<Address>();
  /** Addresses of competitor hosts (scripted ones too): the competitor actor proves for them. */
  readonly competitorAddresses = new Set<Address>();
  /** Test hook ("host skips proofs"): `${slotId}:${period}` a competitor host leaves unproven. */
  readonly skippingProofs = new Set<string>();
  private readonly store: SimStore | undefined;
  private readonly memoryHistory: { name: MarketEventName; event: PastEvent<MarketEventName> }[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly stoppers: (() => void)[] = [];

  constructor(readonly options: SimulatorOptions) {
    this.logger = options.logger ?? silentLogger;
    this.store = options.dbPath ? new SimStore(options.dbPath) : undefined;
    const saved = this.store && !this.store.isEmpty() ? this.store.getMeta<SavedChain>('chain') : undefined;
    const seed = saved?.seed ?? options.seed ?? 1;
    this.chainSeed = chainSeedOf(seed);
    const config = saved?.config ?? makeConfig(options.config ?? desktopConfig, options.configOverrides);
    this.clock = new ChainClock({
      mode: options.clock ?? 'realtime',
      speed: options.speed ?? 1,
      start: saved?.now ?? options.start,
      genesis: saved?.genesis,
      settleTurns: options.settleTurns,
    });
    validateConfig(config, this.clock.blockNumber());
    this.hostAddress = (
      saved?.hostAddress ??
      options.hostAddress ??
      actorAddress(this.chainSeed, 'host')
    ).toLowerCase();
    this.ledger = new Ledger(this.state);
    this.contract = new Marketplace(
      [this.state, config, this.clock, this.chainSeed],
      this.ledger,
      (sender) => sender !== this.hostAddress && this.competitorAddresses.has(sender),
    );
    this.events = new EventBus(this.logger);
    this.contract.sink = (events, block, time) => {
      this.events.publish(events, block, time);
      this.afterTransaction();
    };
    // In manual mode, time moves on only once every client post has hashed its content.
    this.clock.idle = () => !this.events.pending && this.clients.posting === 0;
    this.content = new ContentServer(
      this.chainSeed,
      (id) => this.state.requests.get(id)?.request,
      (request) => this.clientAddresses.has(request.client),
      // The clients' dataset hashing yields the shared pool to the host's proofs and onboarding.
      prioritized(options.hasher, 'client'),
      this.store,
    );
    for (let i = 0; i < CLIENT_COUNT; i++) this.actor('client', i);
    if (this.store) {
      this.events.onHistory = (events, names) => this.store!.addHistory(events, names);
      this.state.onDirty = () => this.scheduleFlush();
      if (saved) {
        this.store.load(this.state);
        this.content.indexPosted(this.openRequests());
      } else {
        this.ledger.mint(this.hostAddress, options.hostBalance ?? 10n ** 24n);
        this.flush();
      }
    } else {
      this.events.onHistory = (events, names) =>
        events.forEach((event, i) => this.memoryHistory.push({ name: names[i]!, event }));
      this.ledger.mint(this.hostAddress, options.hostBalance ?? 10n ** 24n);
    }
    // A restart can resume at the very chain second it stopped (the chain pauses while closed); the
    // number of known requests makes the seed differ so clients never replay a nonce.
    const rng = (role: string) => new Rng(`${seed}:${role}:${this.now()}:${this.state.requests.size}`);
    this.clients = new SimClients(this, rng('clients'), options.clientRate ?? 60, options.clientAsk);
    this.competitors = new SimCompetitors(
      this,
      rng('competitors'),
      options.competitors ?? 3,
      options.competitorBehaviour,
    );
    this.validator = options.validator === false ? undefined : new SimValidator(this);
    this.clients.start();
    this.competitors.start();
    this.validator?.start();
  }

  /** Devnet POST /requests: a simulated client posts the request and serves its data. */
  postRequest(input: PostRequestInput = {}): Promise<RequestId> {
    return this.clients.post(input);
  }

  /** The chain's configuration. */
  get config(): MarketplaceConfig {
    return this.contract.config;
  }

  /** The Market port for `address` (default: this provider). */
  connect(address: Address = this.hostAddress): SimMarket {
    return new SimMarket(this, address);
  }

  /** The address of a simulated actor, derived from the seed. */
  actor(role: 'client' | 'competitor' | 'validator', index = 0): Address {
    const address = actorAddress(this.chainSeed, role, index);
    if (role === 'client') this.clientAddresses.add(address);
    if (role === 'competitor') this.competitorAddresses.add(address);
    return address;
  }

  /** Register a stop function (actors) run on close(). */
  onClose(stop: () => void): void {
    this.stoppers.push(stop);
  }

  /** Chain time now. */
  now(): Seconds {
    return this.clock.now();
  }

  /** Move chain time forward (a jump in realtime mode), letting actors and the engine act on the way. */
  advance(seconds: Seconds): Promise<Seconds> {
    return this.clock.advanceTime(seconds);
  }

  /** Tokens of `address`. */
  balanceOf(address: Address): bigint {
    return this.ledger.balanceOf(address.toLowerCase());
  }

  /** The faucet: mint test tokens. */
  mint(address: Address, amount: bigint): void {
    this.ledger.mint(address.toLowerCase(), amount);
    this.afterTransaction();
  }

  /** GET /host of the devnet API: this provider's address and balance. */
  hostAccount(): { address: Address; balance: bigint } {
    return { address: this.hostAddress, balance: this.balanceOf(this.hostAddress) };
  }

  /** GET /requests/{id} of the devnet API; undefined for an unknown request. */
  requestSummary(requestId: RequestId): RequestSummary | undefined {
    const r = this.state.requests.get(requestId);
    if (!r) return undefined;
    const slots = [];
    for (let i = 0n; i < r.request.ask.slots; i++) {
      const id = slotIdOf(requestId, i);
      const host = this.contract.getHost(id);
      slots.push({ slotIndex: Number(i), state: this.contract.slotState(id), host: /^0x0+$/.test(host) ? null : host });
    }
    return { state: this.contract.requestState(requestId), slots };
  }

  /** Requests still waiting for hosts or running: the ones a host may download. */
  private *openRequests(): Iterable<readonly [RequestId, StorageRequest]> {
    for (const r of this.state.requests.values()) {
      const state = this.contract.requestState(r.id);
      if (state === 'New' || state === 'Started') yield [r.id, r.request];
    }
  }

  /** The contract's balance against its obligations. */
  solvency(): Solvency {
    return solvency(this.state, this.ledger, this.now());
  }

  /** History events of one name (persisted ones when there is a database). */
  history<E extends MarketEventName>(name: E, from: HistoryFrom): PastEvent<E>[] {
    const block = this.clock.blockNumber();
    const fromBlock = 'fromBlock' in from ? from.fromBlock : 'blocksAgo' in from ? block - from.blocksAgo : 0;
    const fromTime = 'fromTime' in from ? from.fromTime : 0;
    if (this.store) {
      this.flush();
      return this.store.queryEvents(name, fromBlock, fromTime);
    }
    return this.memoryHistory
      .filter((h) => h.name === name && h.event.blockNumber >= fromBlock && h.event.timestamp >= fromTime)
      .map((h) => h.event as unknown as PastEvent<E>);
  }

  /** Write pending state now (normally it is written at the end of the event-loop turn). */
  flush(): void {
    if (!this.store || this.closed) return;
    this.flushScheduled = false;
    const saved: SavedChain = {
      seed: this.options.seed ?? 1,
      config: this.config,
      now: this.clock.now(),
      genesis: this.clock.genesis,
      hostAddress: this.hostAddress,
    };
    this.store.flush(this.state, { chain: saved });
  }

  /** Stop the actors and the clock, write everything and close the file. */
  close(): void {
    if (this.closed) return;
    for (const stop of this.stoppers) stop();
    this.clock.stop();
    this.flush();
    this.closed = true;
    this.store?.close();
  }

  private afterTransaction(): void {
    if (this.store && this.state.dirtyCount() > 5000) this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.closed) return;
    this.flushScheduled = true;
    setImmediate(() => {
      if (this.flushScheduled) this.flush();
    });
  }
}

/** The devnet view of a request. */
export interface RequestSummary {
  state: string;
  slots: { slotIndex: number; state: string; host: Address | null }[];
}

interface SavedChain {
  seed: number | string;
  config: MarketplaceConfig;
  now: Seconds;
  genesis: { time: Seconds; block: number };
  hostAddress: Address;
}
