// The UDP side: one socket, rate-limited per source endpoint, feeding the codec and running the
// discv5 session dance — a request without a session goes out as random bytes, the WHOAREYOU that
// comes back is answered with a handshake carrying the request, and requests made meanwhile wait
// in a small queue. Every table here is bounded and nothing a peer sends can throw out of it.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { SignedPeerRecord } from '../spr/record';
import { Codec, DropError, type LocalNode } from './codec';
import { MessageError, type Message } from './messages';
import { idHex, type NodeId } from './node-id';
import { PacketError } from './packet';
import { RateLimiter, type RateLimits } from './rate-limit';
import type { Endpoint } from './sessions';
import type { DhtLog } from './log';

export interface TransportLimits {
  handshakeTimeoutMs: number;
  /** How long a sent request may still be answered by a WHOAREYOU. */
  responseTimeoutMs: number;
  sessions: number;
  pendingPackets: number;
  queuedNodes: number;
  queuedPerNode: number;
  rate: RateLimits;
  /** Signature checks (handshakes, provider records) per source ip:port: each costs milliseconds. */
  verifyRate: RateLimits;
}

/** Someone we send requests to: a node we hold a verified record of. */
export interface Peer {
  readonly id: NodeId;
  readonly endpoint: Endpoint;
  readonly publicKey: Uint8Array;
}

export interface TransportHooks {
  onMessage(srcId: NodeId, from: Endpoint, reqId: Uint8Array, message: Message): void;
  /** A handshake completed; `record` is the SPR it carried, if any. */
  onHandshake(srcId: NodeId, from: Endpoint, record: SignedPeerRecord | undefined): void;
  /** What we know of a node, for the WHOAREYOU we send it. */
  knownPeer(id: NodeId): { seq: bigint; publicKey: Uint8Array } | undefined;
}

interface Pending {
  peer: Peer;
  plaintext: Uint8Array;
  expiresAt: number;
}

export class Transport {
  readonly codec: Codec;
  readonly dropped = new Map<string, number>();
  received = 0;
  private readonly rate: RateLimiter;
  private readonly verifyRate: RateLimiter;
  private readonly pending = new Map<string, Pending>(); // by request nonce (hex)
  private readonly keyExchanges = new Map<string, number>(); // node key → expiry
  private readonly queued = new Map<string, { peer: Peer; messages: Uint8Array[] }>();
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    local: LocalNode,
    private readonly limits: TransportLimits,
    private readonly hooks: TransportHooks,
    private readonly log: DhtLog,
    private readonly now: () => number,
  ) {
    this.codec = new Codec(
      local,
      { sessions: limits.sessions, challenges: limits.pendingPackets, handshakeTimeoutMs: limits.handshakeTimeoutMs },
      now,
    );
    this.rate = new RateLimiter(limits.rate, now);
    this.verifyRate = new RateLimiter(limits.verifyRate, now);
    socket.on('message', (buf, rinfo) => this.receive(buf, rinfo));
    socket.on('error', (e) => log.warn('DHT socket error', { error: e.message }));
  }

  /** Binds the UDP socket; port 0 picks a free one. */
  static async open(
    bind: { host: string; port: number },
    local: LocalNode,
    limits: TransportLimits,
    hooks: TransportHooks,
    log: DhtLog,
    now: () => number,
  ): Promise<Transport> {
    const socket = createSocket({ type: 'udp4' }); // Codex's DHT nodes are IPv4-addressed (nim's newNode)
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: bind.host, port: bind.port, exclusive: true }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new Transport(socket, local, limits, hooks, log, now);
  }

  /** The address the socket is bound to. */
  get endpoint(): Endpoint {
    const a = this.socket.address();
    return { ip: a.address, port: a.port };
  }

  /** Counts (and logs at debug) a packet or message dropped for `reason`. */
  drop(reason: string, detail?: unknown): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
    this.log.debug('DHT packet dropped', { reason, detail: detail instanceof Error ? detail.message : detail });
  }

  private send(packet: Uint8Array, to: Endpoint): void {
    if (this.closed) return;
    this.socket.send(packet, to.port, to.ip, (e) => {
      if (e) this.log.debug('DHT send failed', { to: `${to.ip}:${to.port}`, error: e.message });
    });
  }

  private receive(buf: Buffer, rinfo: RemoteInfo): void {
    if (this.closed) return;
    this.received++;
    const from = { ip: rinfo.address, port: rinfo.port };
    if (!this.rate.allow(`${from.ip}:${from.port}`)) return this.drop('rate-limited');
    try {
      this.handle(from, new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
    } catch (e) {
      if (e instanceof DropError) return this.drop(e.reason, e);
      if (e instanceof PacketError) return this.drop('malformed-packet', e);
      if (e instanceof MessageError) return this.drop('malformed-message', e);
      this.drop('internal-error', e);
      this.log.error('DHT failed to handle a packet', { error: e instanceof Error ? e.stack : String(e) });
    }
  }

  private handle(from: Endpoint, bytes: Uint8Array): void {
    const inbound = this.codec.decode(from, bytes, () => this.mayVerify(from));
    switch (inbound.type) {
      case 'message':
        return this.hooks.onMessage(inbound.srcId, from, inbound.reqId, inbound.message);
      case 'undecryptable': {
        const known = this.hooks.knownPeer(inbound.srcId);
        const packet = this.codec.encodeWhoareyou(
          inbound.srcId,
          from,
          inbound.nonce,
          known?.seq ?? 0n,
          known?.publicKey,
        );
        return this.send(packet, from);
      }
      case 'whoareyou': {
        const nonce = Buffer.from(inbound.packet.nonce).toString('hex');
        const p = this.pending.get(nonce);
        this.pending.delete(nonce);
        if (
          p === undefined ||
          p.expiresAt <= this.now() ||
          p.peer.endpoint.ip !== from.ip ||
          p.peer.endpoint.port !== from.port
        )
          return this.drop('unsolicited-whoareyou');
        const packet = this.codec.encodeHandshake(p.peer.id, from, p.plaintext, inbound.packet, p.peer.publicKey);
        this.send(packet, from);
        this.keyExchanges.delete(idHex(p.peer.id));
        return this.flush(idHex(p.peer.id));
      }
      case 'handshake':
        this.hooks.onHandshake(inbound.srcId, from, inbound.record); // first: our answer may need its key
        this.hooks.onMessage(inbound.srcId, from, inbound.reqId, inbound.message);
        return this.flush(idHex(inbound.srcId));
    }
  }

  /** Takes one signature check from the budget of `from`; false when it has spent it. */
  mayVerify(from: Endpoint): boolean {
    return this.verifyRate.allow(`${from.ip}:${from.port}`);
  }

  private remember(nonce: Uint8Array, peer: Peer, plaintext: Uint8Array): void {
    if (this.pending.size >= this.limits.pendingPackets) {
      const t = this.now();
      for (const [k, p] of this.pending) if (p.expiresAt <= t) this.pending.delete(k);
      if (this.pending.size >= this.limits.pendingPackets)
        this.pending.delete(this.pending.keys().next().value as string);
    }
    // twice the response timeout: a late WHOAREYOU still yields a session for the retry
    this.pending.set(Buffer.from(nonce).toString('hex'), {
      peer,
      plaintext,
      expiresAt: this.now() + 2 * this.limits.responseTimeoutMs,
    });
  }

  /** Sends a request; it may trigger a handshake, and waits in the queue while one runs. */
  sendRequest(peer: Peer, plaintext: Uint8Array): void {
    if (this.closed) return;
    const key = idHex(peer.id);
    const exchanging = (this.keyExchanges.get(key) ?? 0) > this.now();
    const { packet, nonce, hadSession } = this.codec.encodeMessage(peer.id, peer.endpoint, plaintext);
    if (hadSession || !exchanging) {
      if (!hadSession) {
        if (this.keyExchanges.size >= this.limits.pendingPackets) this.sweepExchanges();
        this.keyExchanges.set(key, this.now() + this.limits.handshakeTimeoutMs);
        this.queued.delete(key); // requests queued behind an exchange that timed out have timed out too
      }
      this.remember(nonce, peer, plaintext);
      return this.send(packet, peer.endpoint);
    }
    const q = this.queued.get(key) ?? { peer, messages: [] };
    if (!this.queued.has(key) && this.queued.size >= this.limits.queuedNodes) return this.drop('queue-full');
    if (q.messages.length >= this.limits.queuedPerNode) return this.drop('queue-full');
    q.messages.push(plaintext);
    this.queued.set(key, q);
  }

  private sweepExchanges(): void {
    const t = this.now();
    for (const [k, until] of this.keyExchanges) if (until <= t) this.keyExchanges.delete(k);
    while (this.keyExchanges.size >= this.limits.pendingPackets)
      this.keyExchanges.delete(this.keyExchanges.keys().next().value as string);
  }

  /**
   * Sends a response over the session the request came in on. If the requester has lost that
   * session it answers with a WHOAREYOU; when we know its key we then complete a handshake
   * carrying the response (nim drops the response instead and the request times out).
   */
  sendResponse(toId: NodeId, to: Endpoint, plaintext: Uint8Array): void {
    const { packet, nonce } = this.codec.encodeMessage(toId, to, plaintext);
    const known = this.hooks.knownPeer(toId);
    if (known !== undefined) this.remember(nonce, { id: toId, endpoint: to, publicKey: known.publicKey }, plaintext);
    this.send(packet, to);
  }

  private flush(key: string): void {
    const q = this.queued.get(key);
    if (q === undefined) return;
    this.queued.delete(key);
    for (const m of q.messages) this.sendRequest(q.peer, m);
  }

  /** Table sizes, for tests and the dashboard: every one of them is bounded. */
  sizes(): Record<string, number> {
    return {
      sessions: this.codec.sessions.size,
      challenges: this.codec.challenges.size,
      pending: this.pending.size,
      keyExchanges: this.keyExchanges.size,
      queued: this.queued.size,
      rate: this.rate.size,
      verifyRate: this.verifyRate.size,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending.clear();
    this.queued.clear();
    this.keyExchanges.clear();
    this.rate.clear();
    this.verifyRate.clear();
    this.codec.sessions.clear();
    this.codec.challenges.clear();
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}
