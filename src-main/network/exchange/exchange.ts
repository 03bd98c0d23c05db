// The block exchange of one libp2p node: streams, routing of what peers send to the downloads and
// to the server, and peer conduct. Downloads register the addresses they wait for; a delivery no
// download asked this peer for is dropped and counts against the peer, and misconduct that reaches
// a ban disconnects it.
import type { Libp2p, PeerId } from '@libp2p/interface';
import { silentLogger, type Logger } from '../../engine/index';
import { addressKey, MAX_MESSAGE_BYTES, type Message, type WantEntry } from '../blockexc/message';
import type { NetworkError } from '../errors';
import { BlockPool } from '../wire/block-pool';
import { BlockFetch, type FetchHost, type FindPeers, type Offer, type WantedBlock } from './fetch';
import { PeerLinks } from './links';
import { PeerBook, type Misconduct } from './peer-book';
import { BlockServer, defaultServingLimits, type ServedBlocks, type ServingLimits } from './server';
import { defaultExchangeTimings, type ExchangeTimings } from './timings';

/** Options of a block exchange. */
export interface BlockExchangeOptions {
  readonly timings?: Partial<ExchangeTimings>;
  /** Longest message read or written; nim's is 100 MiB. */
  readonly maxMessageBytes?: number;
  /** Blocks to serve to peers that ask; without it want lists are ignored. */
  readonly serve?: ServedBlocks;
  readonly servingLimits?: Partial<ServingLimits>;
  readonly log?: Logger;
}

/** Downloads blocks from peers and serves ours, over /codex/blockexc/1.0.0. */
export class BlockExchange implements FetchHost {
  readonly timings: ExchangeTimings;
  readonly book: PeerBook;
  private readonly links: PeerLinks;
  private readonly owners = new Map<string, BlockFetch[]>();
  private readonly fetches = new Set<BlockFetch>();
  private server?: BlockServer;
  private readonly log: Logger;
  // A window's worth of 64 KiB buffers, shared by the downloads that lend their blocks.
  private readonly pool = new BlockPool(65_536, 1024);
  private readonly onDisconnect = (event: CustomEvent<PeerId>) => {
    for (const f of this.fetches) f.peerGone(event.detail);
    this.server?.peerGone(event.detail);
  };

  constructor(
    readonly libp2p: Libp2p,
    private readonly options: BlockExchangeOptions = {},
  ) {
    this.timings = { ...defaultExchangeTimings, ...options.timings };
    this.log = options.log ?? silentLogger;
    this.book = new PeerBook(this.timings.banMs);
    this.links = new PeerLinks(
      libp2p,
      { message: (peer, m) => this.message(peer, m), badInput: (peer, e) => this.badInput(peer, e) },
      {
        maxMessageBytes: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
        readBufferBytes: 64 << 20,
        streamIdleMs: 10 * 60_000,
        dialTimeoutMs: this.timings.dialTimeoutMs,
      },
      this.log,
    );
    if (options.serve) this.serve(options.serve);
  }

  async start(): Promise<void> {
    this.libp2p.addEventListener('peer:disconnect', this.onDisconnect);
    await this.links.start();
  }

  async stop(): Promise<void> {
    this.libp2p.removeEventListener('peer:disconnect', this.onDisconnect);
    await this.links.stop();
  }

  /** Serves blocks from `store` from now on. */
  serve(store: ServedBlocks): void {
    const limits = { ...defaultServingLimits, ...this.options.servingLimits };
    this.server = new BlockServer(store, (peer, m) => this.links.send(peer, m), limits, this.log);
  }

  /**
   * Downloads `items`, asking the peers `findPeers` yields; see BlockFetch. With `lend`, the bytes
   * handed to each item's store are valid only until that store resolves, then reused.
   */
  fetch(
    items: readonly WantedBlock[],
    findPeers: FindPeers,
    signal: AbortSignal,
    what: string,
    lend = false,
  ): Promise<void> {
    const fetch = new BlockFetch(this, items, findPeers, signal, this.timings, what, lend ? this.pool : undefined);
    this.fetches.add(fetch);
    return fetch.run().finally(() => this.fetches.delete(fetch));
  }

  /** Sends a message to a peer on our stream (for tests and tools; downloads use `send`). */
  sendMessage(peer: PeerId, message: Message): Promise<void> {
    return this.links.send(peer, message);
  }

  send(peer: PeerId, entries: readonly WantEntry[]): Promise<void> {
    return this.links.send(peer, { wantlist: { entries, full: false } });
  }

  banned(peer: PeerId): boolean {
    return this.book.banned(peer.toString());
  }

  penalise(peer: PeerId, kind: Misconduct, reason: string): void {
    this.log.warn('peer misbehaved', { peer: peer.toString(), kind, reason });
    if (!this.book.penalise(peer.toString(), kind, reason)) return;
    this.log.warn('peer banned', { peer: peer.toString(), reason, minutes: this.timings.banMs / 60_000 });
    for (const f of this.fetches) f.peerGone(peer, `was banned: ${reason}`);
    this.libp2p.hangUp(peer).catch(() => undefined);
  }

  register(fetch: BlockFetch, key: string): void {
    const list = this.owners.get(key);
    if (list) list.push(fetch);
    else this.owners.set(key, [fetch]);
  }

  unregister(fetch: BlockFetch, key: string): void {
    const list = this.owners.get(key)?.filter((f) => f !== fetch);
    if (list && list.length > 0) this.owners.set(key, list);
    else this.owners.delete(key);
  }

  private message(peer: PeerId, m: Required<Message>): void {
    if (m.wantlist.entries.length > 0) this.server?.wantlist(peer, m.wantlist);
    for (const p of m.presences) for (const f of this.owners.get(addressKey(p.address)) ?? []) f.presence(peer, p);
    for (const d of m.payload) {
      let outcome: Offer = 'unrequested';
      for (const f of this.owners.get(addressKey(d.address)) ?? []) {
        const o = f.offer(peer, d);
        if (o === 'accepted' || o === 'rejected') {
          outcome = o;
          break;
        }
        if (o === 'late') outcome = o;
      }
      if (outcome === 'unrequested') this.penalise(peer, 'unrequested', 'sent a block no download asked it for');
    }
  }

  private badInput(peer: PeerId, error: NetworkError): void {
    this.penalise(peer, 'badMessage', error.message);
  }
}
