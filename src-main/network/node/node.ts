// The libp2p node a Codex peer expects: TCP only, Noise, mplex (Codex offers no yamux, and none is
// installed here), identify with our signed peer record, a secp256k1 identity. Tuned for long
// unthrottled block streams: mplex has no flow control, so sockets stay open through quiet spells
// and the ping monitor is off (Codex has no ping protocol, and a ping stuck behind 64 MiB of blocks
// would make js-libp2p abort a healthy connection).
import { noise } from '@chainsafe/libp2p-noise';
import { identify } from '@libp2p/identify';
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface';
import { mplex } from '@libp2p/mplex';
import { peerIdFromString } from '@libp2p/peer-id';
import { PeerRecord, RecordEnvelope } from '@libp2p/peer-record';
import { tcp } from '@libp2p/tcp';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import { noiseCrypto } from './noise-crypto';

/** Quiet time after which a TCP connection is dropped (js-libp2p's default is 2 minutes). */
const SOCKET_INACTIVITY_MS = 10 * 60_000;

/** How to start the node. */
export interface NetworkNodeConfig {
  readonly privateKey: PrivateKey;
  readonly listenAddrs: readonly string[];
  /** --nat extip:IP: announce this address instead of the bound ones (same ports). */
  readonly extIp?: string;
  /** The identify agent string. */
  readonly userAgent?: string;
}

/** A connected peer, for the dashboard. */
export interface ConnectedPeer {
  readonly peerId: string;
  readonly addrs: readonly string[];
  readonly direction: 'inbound' | 'outbound';
  /** Unix milliseconds when the first open connection was made. */
  readonly since: number;
}

/** What the dashboard shows about the node. */
export interface NodeStatus {
  readonly peerId: string;
  /** What the transports are bound to: real ports, one address per interface for 0.0.0.0. */
  readonly listenAddrs: readonly string[];
  readonly announceAddrs: readonly string[];
  readonly connectedPeers: readonly ConnectedPeer[];
}

function announceAs(extIp: string) {
  const family = extIp.includes(':') ? 'ip6' : 'ip4';
  return (addrs: Multiaddr[]): Multiaddr[] =>
    addrs.map((a) => {
      const port = a.getComponents().find((c) => c.name === 'tcp')?.value;
      return port === undefined ? a : multiaddr(`/${family}/${extIp}/tcp/${port}`);
    });
}

/** A started libp2p node speaking Codex's stack. */
export class NetworkNode {
  private constructor(
    readonly libp2p: Libp2p,
    private readonly privateKey: PrivateKey,
    private readonly listening: () => Multiaddr[],
  ) {}

  /** Starts listening. Throws when an address cannot be bound (the message names it). */
  static async start(config: NetworkNodeConfig): Promise<NetworkNode> {
    const libp2p = await createLibp2p({
      privateKey: config.privateKey,
      nodeInfo: { userAgent: config.userAgent ?? 'Slotkeeper' },
      addresses: {
        listen: [...config.listenAddrs],
        ...(config.extIp ? { announceFilter: announceAs(config.extIp) } : {}),
      },
      transports: [
        tcp({
          inboundSocketInactivityTimeout: SOCKET_INACTIVITY_MS,
          outboundSocketInactivityTimeout: SOCKET_INACTIVITY_MS,
        }),
      ],
      connectionEncrypters: [noise({ crypto: noiseCrypto })],
      // mplex is deprecated in js-libp2p (#2555), but it is the only muxer Codex speaks.
      streamMuxers: [mplex()],
      services: { identify: identify() },
      connectionMonitor: { enabled: false },
    });
    // The bound addresses (a /tcp/0 port chosen, 0.0.0.0 spread over the interfaces) are only known to
    // the transports' listeners; libp2p's public interface does not reach them, its components do.
    const transports = (libp2p as unknown as { components?: { transportManager?: { getAddrs(): Multiaddr[] } } })
      .components?.transportManager;
    if (!transports) {
      await libp2p.stop();
      throw new Error('this libp2p version does not expose its transport manager; the listen addresses are unknown');
    }
    return new NetworkNode(libp2p, config.privateKey, () => transports.getAddrs());
  }

  get peerId(): PeerId {
    return this.libp2p.peerId;
  }

  /** Peer id, addresses and connected peers. */
  status(): NodeStatus {
    const byPeer = new Map<string, ConnectedPeer>();
    for (const c of this.libp2p.getConnections()) {
      const id = c.remotePeer.toString();
      const prev = byPeer.get(id);
      const addrs = [...(prev?.addrs ?? []), c.remoteAddr.toString()];
      const since = Math.min(prev?.since ?? Infinity, c.timeline.open);
      byPeer.set(id, { peerId: id, addrs, direction: prev?.direction ?? c.direction, since });
    }
    return {
      peerId: this.peerId.toString(),
      listenAddrs: this.listening().map(String),
      announceAddrs: this.libp2p.getMultiaddrs().map(String),
      connectedPeers: [...byPeer.values()],
    };
  }

  /**
   * Our signed peer record (libp2p RFC 0002) over the announced TCP addresses: what Codex's DHT
   * stores as a provider record. Identify sends its own; this one is for discovery to publish.
   */
  async signedPeerRecord(): Promise<Uint8Array> {
    const record = new PeerRecord({ peerId: this.peerId, multiaddrs: this.libp2p.getMultiaddrs() });
    return (await RecordEnvelope.seal(record, this.privateKey)).marshal();
  }

  /** Connects to a peer by full multiaddr (…/p2p/<id>) or by id with addresses to remember. */
  async connect(peerId: string, addrs: readonly string[] = [], signal?: AbortSignal): Promise<PeerId> {
    const id = peerIdFromString(peerId);
    if (addrs.length > 0)
      await this.libp2p.peerStore.merge(id, {
        multiaddrs: addrs.map((a) => multiaddr(a.replace(/\/p2p\/[^/]+$/, ''))),
      });
    await this.libp2p.dial(id, signal ? { signal } : {});
    return id;
  }

  /** Closes every connection to a peer. */
  async disconnect(peer: PeerId): Promise<void> {
    await this.libp2p.hangUp(peer);
  }

  async stop(): Promise<void> {
    await this.libp2p.stop();
  }
}
