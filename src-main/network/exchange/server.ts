// Serving blocks to peers that ask, as a Codex node does (engine.nim wantListHandler/taskHandler):
// WantHave is answered with a presence (DontHave only when asked for), WantBlock puts the address
// in the peer's wanted set, and a send loop delivers wanted blocks 20 per message with their
// proofs, one message in flight per peer (a message of ≤ 20 blocks, about 1.3 MB, waits for the
// socket to drain before the next is built) and at most 10 peers at once. Unlike nim, a wanted
// block we do not hold is dropped rather than kept forever: our store does not fill in later.
import type { PeerId } from '@libp2p/interface';
import type { Logger } from '../../engine/index';
import { ZERO_PRICE } from '../blockexc/codec';
import {
  addressKey,
  MAX_BLOCKS_PER_MESSAGE,
  MAX_LIST_ENTRIES,
  type BlockAddress,
  type BlockDelivery,
  type BlockPresence,
  type Message,
  type Wantlist,
} from '../blockexc/message';
import { messageOf } from '../errors';
import { blockCid, EMPTY_BLOCK_CID, sameBytes } from '../ids/cid';

/** A stored dataset block with its proof against the dataset tree. */
export interface ServedLeaf {
  readonly data: Uint8Array;
  /** The encoded CodexProof of this block in the tree. */
  readonly proof: Uint8Array;
  /** The block's CID when the store knows it (saves hashing the block). */
  readonly cid?: Uint8Array;
}

/** What the server reads blocks from; the host backs it with its repo, the provider kit with memory. */
export interface ServedBlocks {
  hasLeaf(treeCid: Uint8Array, index: number): boolean | Promise<boolean>;
  leaf(treeCid: Uint8Array, index: number): ServedLeaf | undefined | Promise<ServedLeaf | undefined>;
  /** Non-leaf blocks by CID: manifests. */
  hasBlock(cid: Uint8Array): boolean | Promise<boolean>;
  block(cid: Uint8Array): Uint8Array | undefined | Promise<Uint8Array | undefined>;
}

/** Serving limits. */
export interface ServingLimits {
  readonly maxBlocksPerMessage: number;
  /** Addresses a peer may have wanted at once; more WantBlocks are ignored until some are sent. */
  readonly maxWantedPerPeer: number;
  /** Peers whose blocks are being sent at once (nim runs 10 send tasks). */
  readonly maxPeersServed: number;
}

/** Codex's limits. */
export const defaultServingLimits: ServingLimits = {
  maxBlocksPerMessage: MAX_BLOCKS_PER_MESSAGE,
  maxWantedPerPeer: 8192,
  maxPeersServed: 10,
};

interface PeerWants {
  readonly wanted: Map<string, BlockAddress>;
  chain: Promise<void>;
  running: boolean;
}

/** Answers want lists from a ServedBlocks store. */
export class BlockServer {
  private readonly peers = new Map<string, PeerWants>();
  private serving = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly store: ServedBlocks,
    private readonly send: (peer: PeerId, message: Message) => Promise<void>,
    private readonly limits: ServingLimits,
    private readonly log: Logger,
  ) {}

  private state(peer: PeerId): PeerWants {
    const key = peer.toString();
    let s = this.peers.get(key);
    if (!s) this.peers.set(key, (s = { wanted: new Map(), chain: Promise.resolve(), running: false }));
    return s;
  }

  /** Handles a want list; lists from one peer are handled in order. */
  wantlist(peer: PeerId, list: Wantlist): void {
    const s = this.state(peer);
    s.chain = s.chain
      .then(() => this.handle(peer, s, list))
      .catch((error) =>
        this.log.warn('serving a want list failed', { peer: peer.toString(), error: messageOf(error) }),
      );
  }

  /** Forgets a peer whose connection closed. */
  peerGone(peer: PeerId): void {
    this.peers.get(peer.toString())?.wanted.clear();
    this.peers.delete(peer.toString());
  }

  private async has(a: BlockAddress): Promise<boolean> {
    if (a.leaf) return this.store.hasLeaf(a.treeCid, a.index);
    return sameBytes(a.cid, EMPTY_BLOCK_CID) || this.store.hasBlock(a.cid);
  }

  private async handle(peer: PeerId, s: PeerWants, list: Wantlist): Promise<void> {
    let presences: BlockPresence[] = [];
    let schedule = false;
    for (const e of list.entries) {
      const key = addressKey(e.address);
      if (s.wanted.has(key)) {
        if (e.cancel) s.wanted.delete(key);
        else if (e.wantType === 'block') schedule = true;
      } else if (e.cancel) continue;
      else if (e.wantType === 'block') {
        if (s.wanted.size < this.limits.maxWantedPerPeer) s.wanted.set(key, e.address);
        schedule = true;
      } else if (await this.has(e.address)) presences.push({ address: e.address, type: 'have', price: ZERO_PRICE });
      else if (e.sendDontHave) presences.push({ address: e.address, type: 'dontHave', price: ZERO_PRICE });
      if (presences.length >= MAX_LIST_ENTRIES) {
        await this.send(peer, { presences });
        presences = [];
      }
    }
    if (presences.length > 0) await this.send(peer, { presences });
    if (schedule) void this.run(peer, s);
  }

  private async slot(): Promise<void> {
    if (this.serving < this.limits.maxPeersServed) {
      this.serving++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.serving--;
  }

  private async lookup(a: BlockAddress): Promise<BlockDelivery | undefined> {
    if (a.leaf) {
      const leaf = await this.store.leaf(a.treeCid, a.index);
      return leaf && { cid: leaf.cid ?? blockCid(leaf.data), data: leaf.data, address: a, proof: leaf.proof };
    }
    const data = sameBytes(a.cid, EMPTY_BLOCK_CID) ? new Uint8Array(0) : await this.store.block(a.cid);
    return data && { cid: a.cid, data, address: a, proof: undefined };
  }

  private async run(peer: PeerId, s: PeerWants): Promise<void> {
    if (s.running) return;
    s.running = true;
    await this.slot();
    try {
      while (s.wanted.size > 0 && this.peers.get(peer.toString()) === s) {
        const batch: BlockAddress[] = [];
        for (const [key, address] of s.wanted) {
          if (batch.length >= this.limits.maxBlocksPerMessage) break;
          batch.push(address);
          s.wanted.delete(key);
        }
        const payload: BlockDelivery[] = [];
        for (const address of batch) {
          const d = await this.lookup(address);
          if (d) payload.push(d);
        }
        if (payload.length > 0) await this.send(peer, { payload });
      }
    } catch (error) {
      this.log.debug('sending blocks stopped', { peer: peer.toString(), error: messageOf(error) });
      this.peerGone(peer);
    } finally {
      s.running = false;
      this.release();
    }
  }
}
