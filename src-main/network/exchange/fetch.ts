// One download: a list of blocks fetched from whichever peers have them (nim's downloadInternal and
// fetchBatched, in one object). Blocks are admitted in a window (1,024 in flight, 768 more once
// that much room opens); each is asked of every usable peer with WantHave, requested with WantBlock
// from the least-loaded peer that has it, checked, stored in order, and re-requested elsewhere when
// its peer turns out silent, gone or lying. The download fails only when it stops making progress.
import type { PeerId } from '@libp2p/interface';
import {
  addressKey,
  MAX_LIST_ENTRIES,
  type BlockDelivery,
  type BlockPresence,
  type WantEntry,
} from '../blockexc/message';
import { messageOf } from '../errors';
import type { BlockPool } from '../wire/block-pool';
import type { Misconduct } from './peer-book';
import type { ExchangeTimings } from './timings';
import type { Checked } from './verify';

/** One block a download wants. */
export interface WantedBlock {
  readonly address: WantEntry['address'];
  /** Names the block in messages, e.g. "block 12 of slot 3". */
  readonly label: string;
  check(d: BlockDelivery): Checked;
  /** Stores the checked bytes; the download waits for it before counting the block done. */
  store(data: Uint8Array): Promise<void>;
}

/** What a download needs from the exchange it runs in. */
export interface FetchHost {
  send(peer: PeerId, entries: readonly WantEntry[]): Promise<void>;
  penalise(peer: PeerId, kind: Misconduct, reason: string): void;
  banned(peer: PeerId): boolean;
  register(fetch: BlockFetch, key: string): void;
  unregister(fetch: BlockFetch, key: string): void;
}

/** How the download finds peers: round 0 at the start, later rounds while blocks are stuck. */
export type FindPeers = (round: number, signal: AbortSignal) => Promise<readonly PeerId[]>;

/** What a delivery offered to a download turned out to be. */
export type Offer = 'accepted' | 'rejected' | 'unrequested' | 'late';

/** A download gave up; the message says what was missing and what each peer did. */
export class FetchFailedError extends Error {
  override readonly name = 'FetchFailedError';
}

interface Item {
  readonly w: WantedBlock;
  readonly key: string;
  readonly haves: Set<string>;
  readonly dontHaves: Set<string>;
  requested?: string;
  attempts: number;
  askedAt: number;
  asks: number;
  storing: boolean;
}

interface PeerState {
  readonly id: PeerId;
  readonly key: string;
  readonly order: number;
  readonly inflight: Set<string>;
  usable: boolean;
  lastActivity: number;
  failures: number;
  delivered: number;
  note?: string;
}

function resolvers() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ([resolve, reject] = [res, rej]));
  return { promise, resolve, reject };
}

/** WantHave rounds to a silent peer before its silence counts as DontHave. */
const MAX_ASKS = 5;
const short = (id: string) => `${id.slice(0, 6)}…${id.slice(-4)}`;

/** A running download. Create, then `run()` once. */
export class BlockFetch {
  private next = 0;
  private completed = 0;
  private readonly active = new Map<string, Item>();
  private readonly peers = new Map<string, PeerState>();
  private readonly cancelled = new Map<string, Set<string>>();
  private readonly outbox = new Map<string, { peer: PeerId; entries: WantEntry[] }>();
  private flushing = false;
  private lastProgress = Date.now();
  private lastDiscovery = -Infinity;
  private discovering = false;
  private round = 0;
  private lastNote?: string;
  private timer?: NodeJS.Timeout;
  private stored: Promise<void> = Promise.resolve();
  private finished = false;
  private readonly done = resolvers();
  private readonly onAbort = () => this.fail(this.signal.reason ?? new Error('aborted'));

  constructor(
    private readonly host: FetchHost,
    private readonly items: readonly WantedBlock[],
    private readonly findPeers: FindPeers,
    private readonly signal: AbortSignal,
    private readonly timings: ExchangeTimings,
    /** What is being fetched, for messages ("slot 2 of request 0x…"). */
    private readonly what: string,
    /** When given, block bytes are lent from it: valid until their store resolves, then reused. */
    private readonly pool?: BlockPool,
  ) {}

  /** Resolves once every block is stored; rejects with FetchFailedError, a store's error or the abort reason. */
  run(): Promise<void> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    this.signal.addEventListener('abort', this.onAbort);
    this.timer = setInterval(() => this.tick(), this.timings.tickMs);
    if (this.items.length === 0) this.finish();
    else {
      this.admit();
      void this.discover();
    }
    return this.done.promise;
  }

  private usable(): PeerState[] {
    return [...this.peers.values()].filter((p) => p.usable);
  }

  private queue(peer: PeerState, entry: Omit<WantEntry, 'priority'>): void {
    const box = this.outbox.get(peer.key) ?? { peer: peer.id, entries: [] };
    box.entries.push({ priority: 0, ...entry });
    this.outbox.set(peer.key, box);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    const boxes = [...this.outbox.values()];
    this.outbox.clear();
    for (const { peer, entries } of boxes)
      for (let i = 0; i < entries.length; i += MAX_LIST_ENTRIES) {
        this.host
          .send(peer, entries.slice(i, i + MAX_LIST_ENTRIES))
          .catch((error) => this.peerGone(peer, `could not be reached (${messageOf(error)})`));
      }
  }

  private ask(item: Item, peers: readonly PeerState[]): void {
    item.askedAt = Date.now();
    item.asks++;
    for (const p of peers)
      this.queue(p, { address: item.w.address, cancel: false, wantType: 'have', sendDontHave: true });
  }

  private admit(): void {
    const room = this.timings.window - this.active.size;
    if (this.next > 0 && room < this.timings.refill) return;
    const peers = this.usable();
    for (const w of this.items.slice(this.next, this.next + room)) {
      const item: Item = {
        w,
        key: addressKey(w.address),
        haves: new Set(),
        dontHaves: new Set(),
        attempts: 0,
        askedAt: 0,
        asks: 0,
        storing: false,
      };
      this.active.set(item.key, item);
      this.host.register(this, item.key);
      this.ask(item, peers);
    }
    this.next = Math.min(this.items.length, this.next + room);
  }

  private async discover(): Promise<void> {
    if (this.discovering || this.finished) return;
    this.discovering = true;
    this.lastDiscovery = Date.now();
    try {
      for (const id of await this.findPeers(this.round++, this.signal)) this.addPeer(id);
    } catch (error) {
      if (!this.signal.aborted) this.lastNote = `finding peers failed: ${messageOf(error)}`;
    } finally {
      this.discovering = false;
    }
  }

  private addPeer(id: PeerId): void {
    const key = id.toString();
    if (this.finished || this.host.banned(id)) return;
    let peer = this.peers.get(key);
    if (peer?.usable) return;
    if (peer) peer.usable = true;
    else {
      peer = {
        id,
        key,
        order: this.peers.size,
        inflight: new Set(),
        usable: true,
        lastActivity: Date.now(),
        failures: 0,
        delivered: 0,
      };
      this.peers.set(key, peer);
    }
    for (const item of this.active.values()) if (!item.storing && !item.requested) this.ask(item, [peer]);
  }

  private assign(item: Item): boolean {
    let best: PeerState | undefined;
    let bestScore = Infinity;
    for (const key of item.haves) {
      const p = this.peers.get(key);
      if (!p?.usable) continue;
      const score = p.inflight.size + p.failures * this.timings.window + p.order / 1000;
      if (score < bestScore) [best, bestScore] = [p, score];
    }
    if (!best) return false;
    if (++item.attempts > this.timings.maxBlockAttempts) {
      this.fail(
        new FetchFailedError(
          `${this.what}: ${item.w.label} was requested ${item.attempts - 1} times without a valid delivery; ${this.summary()}`,
        ),
      );
      return true;
    }
    if (best.inflight.size === 0) best.lastActivity = Date.now();
    item.requested = best.key;
    best.inflight.add(item.key);
    this.queue(best, { address: item.w.address, cancel: false, wantType: 'block', sendDontHave: false });
    return true;
  }

  /** A peer answered WantHave. */
  presence(from: PeerId, p: BlockPresence): void {
    const item = this.active.get(addressKey(p.address));
    const peer = this.peers.get(from.toString());
    if (!item || !peer?.usable || item.storing) return;
    if (p.type === 'have') {
      item.haves.add(peer.key);
      item.dontHaves.delete(peer.key);
      if (!item.requested) this.assign(item);
      return;
    }
    item.dontHaves.add(peer.key);
    item.haves.delete(peer.key);
    if (item.requested === peer.key) this.release(peer, item, false);
  }

  /** A peer delivered a block this download wants. */
  offer(from: PeerId, d: BlockDelivery): Offer {
    const key = addressKey(d.address);
    const item = this.active.get(key);
    const peer = this.peers.get(from.toString());
    if (!item || !peer || item.requested !== peer.key)
      return this.cancelled.get(key)?.has(from.toString()) || item?.storing ? 'late' : 'unrequested';
    const checked = item.w.check(d);
    if (!checked.ok) {
      this.host.penalise(from, 'invalidBlock', `${item.w.label}: ${checked.reason}`);
      this.drop(peer, `sent an invalid block (${checked.reason})`);
      return 'rejected';
    }
    peer.inflight.delete(key);
    peer.lastActivity = Date.now();
    peer.delivered++;
    item.requested = undefined;
    item.storing = true;
    this.lastProgress = Date.now();
    // The delivered bytes are a view into the frame being read; they are copied before the call returns.
    const data = this.pool ? this.pool.copy(checked.data) : new Uint8Array(checked.data);
    this.stored = this.stored.then(async () => {
      if (this.finished) return;
      try {
        await item.w.store(data);
      } catch (error) {
        this.fail(error);
        return;
      } finally {
        this.pool?.give(data);
      }
      this.complete(item);
    });
    return 'accepted';
  }

  private complete(item: Item): void {
    this.active.delete(item.key);
    this.host.unregister(this, item.key);
    this.completed++;
    this.lastProgress = Date.now();
    if (this.completed === this.items.length) this.finish();
    else this.admit();
  }

  /** Takes `item` back from `peer` (and cancels it there) so another peer can be asked. */
  private release(peer: PeerState, item: Item, cancel: boolean): void {
    peer.inflight.delete(item.key);
    item.requested = undefined;
    item.haves.delete(peer.key);
    const set = this.cancelled.get(item.key) ?? new Set();
    this.cancelled.set(item.key, set.add(peer.key));
    if (cancel) this.queue(peer, { address: item.w.address, cancel: true, wantType: 'have', sendDontHave: false });
    this.assign(item);
  }

  private evict(peer: PeerState, note: string, cancel: boolean): void {
    if (!peer.usable) return;
    peer.usable = false;
    peer.failures++;
    peer.note = note;
    for (const key of [...peer.inflight]) {
      const item = this.active.get(key);
      if (item) this.release(peer, item, cancel);
    }
    peer.inflight.clear();
  }

  private drop(peer: PeerState, note: string): void {
    this.evict(peer, note, false);
  }

  /** The connection to a peer closed. */
  peerGone(id: PeerId, note = 'disconnected'): void {
    const peer = this.peers.get(id.toString());
    if (peer) this.evict(peer, note, false);
  }

  private tick(): void {
    const now = Date.now();
    for (const p of this.peers.values())
      if (p.usable && p.inflight.size > 0 && now - p.lastActivity > this.timings.activityTimeoutMs)
        this.evict(
          p,
          `sent none of ${p.inflight.size} requested blocks in ${Math.round(this.timings.activityTimeoutMs / 1000)} s`,
          true,
        );
    const usable = this.usable();
    let stuck = usable.length === 0;
    for (const item of this.active.values()) {
      if (item.storing || item.requested || this.assign(item)) continue;
      const silent = usable.filter((p) => !item.haves.has(p.key) && !item.dontHaves.has(p.key));
      if (silent.length > 0 && item.asks >= MAX_ASKS) for (const p of silent) item.dontHaves.add(p.key);
      else if (silent.length > 0 && now - item.askedAt >= this.timings.presenceRetryMs) this.ask(item, silent);
      else if (silent.length === 0) stuck = true;
    }
    if (stuck && now - this.lastDiscovery >= this.timings.discoveryIntervalMs) void this.discover();
    if (now - this.lastProgress > this.timings.giveUpMs)
      this.fail(
        new FetchFailedError(
          `${this.what}: no progress in ${Math.round(this.timings.giveUpMs / 1000)} s; ${this.summary()}`,
        ),
      );
  }

  private summary(): string {
    const missing = this.items.length - this.completed;
    const peers = [...this.peers.values()].map((p) => `${short(p.key)} ${p.note ?? `delivered ${p.delivered}`}`);
    const who =
      peers.length > 0
        ? `peers: ${peers.join('; ')}`
        : `no peer was found${this.lastNote ? ` (${this.lastNote})` : ''}; give one with --peer or check the bootstrap nodes`;
    return `${missing} of ${this.items.length} blocks missing; ${who}`;
  }

  private cleanup(): void {
    this.finished = true;
    clearInterval(this.timer);
    this.signal.removeEventListener('abort', this.onAbort);
    for (const item of this.active.values()) {
      this.host.unregister(this, item.key);
      const peer = item.requested ? this.peers.get(item.requested) : undefined;
      if (peer?.usable)
        this.queue(peer, { address: item.w.address, cancel: true, wantType: 'have', sendDontHave: false });
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.cleanup();
    this.done.resolve();
  }

  private fail(error: unknown): void {
    if (this.finished) return;
    this.cleanup();
    this.done.reject(error);
  }
}
