// A member of Codex's DHT: finds the providers of a CID, announces what we serve, and answers
// other nodes. The integrator's one entry point; everything below it is in this folder.
import { multiaddr } from '@multiformats/multiaddr';
import { compressedPublicKey, peerIdBytes, peerIdText } from '../spr/keys';
import { encodeSpr, sprText, type SignedPeerRecord } from '../spr/record';
import { Awaiting } from './awaiting';
import type { DhtLog } from './log';
import { lookup } from './lookup';
import { Maintenance } from './maintenance';
import { idHex, keyForCid, nodeIdFromPeerId, type NodeId } from './node-id';
import { isVerified, nodeFromRecord, type DhtNode } from './node';
import { ProviderStore } from './provider-store';
import { Responder } from './responder';
import { RoutingTable } from './routing-table';
import { Rpc } from './rpc';
import type { Endpoint } from './sessions';
import { SprCache } from './spr-cache';
import { Transport } from './transport';
import { DhtError, resolveOptions, type CodexDhtOptions, type DhtPeer, type ProviderInfo } from './options';
import type { DhtTuning } from './tuning';

export class CodexDht {
  private readonly maintenance: Maintenance;
  private readonly provided = new Map<string, NodeId>();
  private readonly reprovideTimer: ReturnType<typeof setInterval>;
  private lastLookupAt = 0;
  private reproviding = false;
  private stopping: Promise<void> | undefined;
  private readonly onAbort = () => void this.stop();

  private constructor(
    private readonly t: DhtTuning,
    readonly nodeId: NodeId,
    readonly peerId: string,
    private readonly dhtRecord: SignedPeerRecord,
    private readonly providerRecord: SignedPeerRecord,
    private readonly table: RoutingTable,
    private readonly providers: ProviderStore,
    private readonly awaiting: Awaiting,
    private readonly rpc: Rpc,
    private readonly transport: Transport,
    private readonly log: DhtLog,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.maintenance = new Maintenance(
      {
        table,
        rpc,
        ourSeq: () => dhtRecord.seq,
        lookup: (target) => this.lookup(target),
        lastLookupAt: () => this.lastLookupAt,
        log,
        now: t.now,
      },
      t,
    );
    this.reprovideTimer = setInterval(() => void this.reprovide(), t.reprovideMs);
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Binds the UDP port, seeds the table from the bootstrap records and starts upkeep. */
  static async start(opts: CodexDhtOptions): Promise<CodexDht> {
    const { t, log, key, bindHost, announceAddrs, bootstrap, announceIp: ip } = resolveOptions(opts);
    const peerIdB = peerIdBytes(compressedPublicKey(key));
    const nodeId = nodeIdFromPeerId(peerIdB);
    const seq = BigInt(Math.floor(t.now() / 1000)); // unix time, as nim-libp2p seeds a record's seq
    const providerRecord = encodeSpr(key, seq, announceAddrs);
    const table = new RoutingTable(nodeId, t);
    const providers = new ProviderStore(
      { ttlMs: t.providerTtlMs, perKey: t.providersPerKey, total: t.providersTotal },
      t.now,
    );
    const awaiting = new Awaiting(t.maxInFlight);
    const sprs = new SprCache(t.sprCache);
    let dhtRecord = providerRecord; // replaced by the UDP record once the port is known
    const local = { privateKey: key, nodeId, record: () => dhtRecord };
    const late: { responder?: Responder } = {}; // the responder needs the transport it answers through
    let transport: Transport;
    try {
      transport = await Transport.open(
        { host: bindHost, port: opts.port },
        local,
        t,
        {
          onMessage: (src, from, reqId, m) => late.responder?.handle(src, from, reqId, m),
          onHandshake: (_src, from, record) => {
            const n = record && nodeFromRecord(record);
            // like Codex, only a node whose record names the address it wrote from enters the table
            if (n?.endpoint?.ip === from.ip && n.endpoint.port === from.port && table.add(n) !== 'local')
              table.answered(n.id);
          },
          knownPeer: (id) => {
            const n = table.get(id);
            return n && { seq: n.record.seq, publicKey: n.record.publicKey };
          },
        },
        log,
        t.now,
      );
    } catch (e) {
      throw new DhtError('bind-failed', `cannot bind the DHT to ${bindHost}:${opts.port}: ${(e as Error).message}`);
    }
    dhtRecord = encodeSpr(key, seq, [multiaddr(`/ip4/${ip}/udp/${transport.endpoint.port}`)]);
    const rpc = new Rpc(transport, awaiting, table, sprs, t);
    late.responder = new Responder(transport, table, providers, awaiting, sprs, () => dhtRecord, log);
    for (const record of bootstrap) {
      const n = nodeFromRecord(record);
      table.add(n);
      table.protect(n.id);
    }
    const dht = new CodexDht(
      t,
      nodeId,
      peerIdText(peerIdB),
      dhtRecord,
      providerRecord,
      table,
      providers,
      awaiting,
      rpc,
      transport,
      log,
      opts.signal,
    );
    dht.maintenance.start();
    log.info('DHT started', {
      peerId: dht.peerId,
      udp: `${ip}:${transport.endpoint.port}`,
      bootstrap: bootstrap.length,
    });
    if (opts.signal?.aborted === true) await dht.stop();
    return dht;
  }

  /** Our DHT record (UDP address) in `spr:` form: what other nodes bootstrap from. */
  get spr(): string {
    return sprText(this.dhtRecord);
  }

  /** Our provider record (TCP addresses) in `spr:` form. */
  get providerSpr(): string {
    return sprText(this.providerRecord);
  }

  /** The UDP endpoint the DHT listens on. */
  get endpoint(): Endpoint {
    return this.transport.endpoint;
  }

  private lookup(target: NodeId, signal?: AbortSignal): Promise<DhtNode[]> {
    this.lastLookupAt = this.t.now();
    return lookup(this.table, this.rpc, { alpha: this.t.alpha, k: this.t.bucketSize }, target, { signal });
  }

  /** The nodes closest to `target` (a node id or key) that answered an iterative lookup. */
  async closestNodes(target: Uint8Array, opts: { signal?: AbortSignal } = {}): Promise<DhtPeer[]> {
    this.assertRunning();
    if (target.length !== 32) throw new DhtError('bad-option', 'a DHT target is 32 bytes');
    return (await this.lookup(target, opts.signal)).map(peerOf);
  }

  /** Fills the table as at start (self lookup, then a random one); resolves with the table size. */
  refresh(): Promise<number> {
    return this.maintenance.populate();
  }

  /** Providers of `cid` (other than us): from our store, then from the nodes closest to its key. */
  async findProviders(
    cid: { readonly bytes: Uint8Array },
    opts: { signal?: AbortSignal; limit?: number } = {},
  ): Promise<ProviderInfo[]> {
    this.assertRunning();
    const limit = opts.limit ?? this.t.providersPerKey;
    if (!Number.isInteger(limit) || limit < 1)
      throw new DhtError('bad-option', `provider limit ${limit} is not a positive integer`);
    const key = keyForCid(cid);
    const found = new Map<string, SignedPeerRecord>();
    const take = (records: SignedPeerRecord[]) => {
      for (const r of records) {
        if (r.peerIdText === this.peerId) continue;
        const old = found.get(r.peerIdText);
        if (old === undefined || r.seq > old.seq) found.set(r.peerIdText, r);
      }
    };
    take(this.providers.get(key));
    if (found.size < limit) {
      const nodes = await this.lookup(key, opts.signal);
      opts.signal?.throwIfAborted();
      let onAbort = () => {};
      await new Promise<void>((resolve) => {
        onAbort = resolve;
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        let left = nodes.length;
        if (left === 0) resolve();
        // all at once, as Codex does; we return as soon as enough providers are in
        for (const n of nodes)
          void this.rpc.getProviders(n, key).then((records) => {
            take(records ?? []);
            if (--left === 0 || found.size >= limit) resolve();
          });
      });
      opts.signal?.removeEventListener('abort', onAbort);
      opts.signal?.throwIfAborted();
    }
    return [...found.values()]
      .slice(0, limit)
      .map((r) => ({ peerId: r.peerIdText, seq: r.seq, addrs: [...r.addrs], spr: sprText(r) }));
  }

  /** Announces that we provide `cid` to the nodes closest to its key, and keeps re-announcing it. */
  async addProvider(cid: { readonly bytes: Uint8Array }): Promise<number> {
    this.assertRunning();
    if (this.providerRecord.addrs.length === 0)
      throw new DhtError('bad-option', 'nothing to announce: the DHT was started without announce addresses');
    const key = keyForCid(cid);
    if (!this.provided.has(idHex(key)) && this.provided.size < this.t.maxProvided) this.provided.set(idHex(key), key);
    return this.announce(key);
  }

  /**
   * Stops re-announcing `cid` and drops the record we kept of ourselves for it (when we announced
   * alone), so we no longer name ourselves to nodes that ask us; records stored elsewhere expire.
   */
  removeProvider(cid: { readonly bytes: Uint8Array }): void {
    const key = keyForCid(cid);
    this.provided.delete(idHex(key));
    this.providers.remove(key, this.peerId);
  }

  private async announce(key: NodeId): Promise<number> {
    const nodes = await this.lookup(key);
    if (nodes.length === 0) this.providers.add(key, this.providerRecord); // alone: keep it ourselves, as nim does
    for (const n of nodes) this.rpc.addProvider(n, key, this.providerRecord.bytes);
    return nodes.length;
  }

  private async reprovide(): Promise<void> {
    if (this.reproviding) return; // the previous round is still going: let it finish
    this.reproviding = true;
    try {
      for (const key of [...this.provided.values()]) {
        if (this.stopping !== undefined) return;
        await this.announce(key).catch((e: unknown) => this.log.warn('DHT re-announce failed', { error: String(e) }));
      }
    } finally {
      this.reproviding = false;
    }
  }

  /** The nodes in our routing table. */
  peers(): DhtPeer[] {
    return this.table.all().map(peerOf);
  }

  /** Sizes of every bounded table, for tests and diagnostics. */
  sizes(): Record<string, number> {
    return {
      ...this.transport.sizes(),
      table: this.table.size,
      providers: this.providers.size,
      awaiting: this.awaiting.size,
      provided: this.provided.size,
    };
  }

  /** Packets received, and those dropped by reason (malformed, replayed, rate-limited…). */
  stats(): { received: number; dropped: Record<string, number> } {
    return { received: this.transport.received, dropped: Object.fromEntries(this.transport.dropped) };
  }

  private assertRunning(): void {
    if (this.stopping !== undefined) throw new DhtError('stopped', 'the DHT has been stopped');
  }

  /** Stops every timer, ends pending requests and closes the socket. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.signal?.removeEventListener('abort', this.onAbort);
      this.maintenance.stop();
      clearInterval(this.reprovideTimer);
      this.awaiting.close();
      await this.transport.close();
      this.providers.clear();
      this.log.info('DHT stopped', { peerId: this.peerId });
    })();
    return this.stopping;
  }
}

const peerOf = (n: DhtNode): DhtPeer => ({
  peerId: n.record.peerIdText,
  nodeId: n.key,
  endpoint: n.endpoint,
  seq: n.record.seq,
  verified: isVerified(n),
});
