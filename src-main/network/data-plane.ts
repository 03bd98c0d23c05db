// The data plane a host on a real market runs: the libp2p node, the block exchange and the slot data
// source (host.ts), with Codex's DHT on --disc-port finding the providers of a dataset's CIDs and
// announcing what we serve. One identity for both, as a Codex node has: the DHT's node id is derived
// from the libp2p peer id. The market bundles (--market chain, --market devnet) take `dataSource`.
import { isIPv4 } from 'node:net';
import type { SlotDataSource } from '../engine/index';
import { CodexDht, DhtError, type DhtTuning } from './dht/index';
import { NetworkError, messageOf } from './errors';
import { startHostNetwork, type HostNetwork, type HostNetworkConfig } from './host';
import { loadOrCreateIdentity } from './node/identity';
import type { NodeStatus } from './node/node';

/** What the data plane needs: the host network's config, and the DHT's. */
export interface DataPlaneConfig extends Omit<HostNetworkConfig, 'findProviders'> {
  /** The UDP address the DHT binds (IPv4; default 0.0.0.0). */
  readonly dhtBindHost?: string;
  /** DHT timings and bounds (tests shrink them). */
  readonly dhtTuning?: Partial<DhtTuning>;
}

/** What the dashboard shows about the data plane. */
export interface DataPlaneStatus extends NodeStatus {
  /** Peers with an open libp2p connection. */
  readonly peerCount: number;
  /** Nodes in the DHT's routing table. */
  readonly dhtPeers: number;
  /** Our DHT record: what other nodes take as --bootstrap-node. */
  readonly spr: string;
}

/** The running data plane. */
export interface NetworkDataPlane {
  /** The slot data source for the engine (a MarketBackend's dataSource). */
  readonly dataSource: SlotDataSource;
  readonly network: HostNetwork;
  readonly dht: CodexDht;
  /** Announces through the DHT that we serve the blocks of `cid`, and keeps re-announcing it. */
  announce(cid: Uint8Array): Promise<void>;
  /** Stops announcing `cid` (we no longer store it); other nodes' records of us expire on their own. */
  withdraw(cid: Uint8Array): void;
  status(): DataPlaneStatus;
  /** Stops the DHT, the exchange and the node. Safe to call twice. */
  stop(): Promise<void>;
}

const loopback = /^\/(ip4\/127\.|ip6\/::1\/)/;

/**
 * The addresses other nodes can dial us on, for our provider record: js-libp2p lists every interface
 * of a 0.0.0.0 listener, loopback first, and the DHT announces its UDP port on the first IPv4 of
 * these; a record naming 127.0.0.1 would send every peer to itself. Loopback stays only when it is
 * all there is (a node on loopback, as in tests). With --nat extip the node already announces only
 * the external address.
 */
export function reachableAddrs(addrs: readonly string[]): string[] {
  const outside = addrs.filter((a) => !loopback.test(a));
  return outside.length > 0 ? outside : [...addrs];
}

/** Providers asked for per CID: enough to spread a download over, few enough to dial at once. */
const FIND_PROVIDERS_LIMIT = 8;

/**
 * Starts the node on --listen-addrs and the DHT on --disc-port, bootstrapped from --bootstrap-node.
 * Throws NetworkError ('invalid-identity') for a bad key file, DhtError for a bootstrap record that
 * does not verify, and an Error naming the port when one cannot be bound; nothing is left running then.
 */
export async function startNetworkDataPlane(config: DataPlaneConfig): Promise<NetworkDataPlane> {
  const late: { dht?: CodexDht } = {}; // the DHT announces the node's addresses, so it starts second
  const network = await startHostNetwork({
    ...config,
    findProviders: async (cid, signal) =>
      late.dht ? late.dht.findProviders({ bytes: cid }, { signal, limit: FIND_PROVIDERS_LIMIT }) : [],
  });
  try {
    late.dht = await CodexDht.start({
      privateKey: await loadOrCreateIdentity(config.dataDir),
      ...(config.dhtBindHost ? { bindHost: config.dhtBindHost } : {}),
      port: config.options.discPort,
      announceAddrs: reachableAddrs(network.status().announceAddrs),
      // The DHT is IPv4 only, as nim's: an IPv6 --nat address leaves it on the first IPv4 we announce.
      ...(config.options.nat && isIPv4(config.options.nat.extIp) ? { announceIp: config.options.nat.extIp } : {}),
      bootstrap: config.options.bootstrapNodes.map((b) => b.spr),
      ...(config.log ? { logger: config.log } : {}),
      ...(config.dhtTuning ? { tuning: config.dhtTuning } : {}),
    });
  } catch (error) {
    await network.stop();
    if (error instanceof NetworkError || (error instanceof DhtError && error.code !== 'bind-failed')) throw error;
    throw new Error(
      `the DHT could not listen on UDP port ${config.options.discPort} (--disc-port): ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
  const dht = late.dht;
  let stopping: Promise<void> | undefined;
  return {
    dataSource: network.dataSource,
    network,
    dht,
    announce: async (cid) => void (await dht.addProvider({ bytes: cid })),
    withdraw: (cid) => dht.removeProvider({ bytes: cid }),
    status: () => {
      const node = network.status();
      return { ...node, peerCount: node.connectedPeers.length, dhtPeers: dht.peers().length, spr: dht.spr };
    },
    stop: () =>
      (stopping ??= (async () => {
        await dht.stop();
        await network.stop();
      })()),
  };
}

/**
 * Opens a market bundle on a started data plane: the bundle gets the plane's data source, and its
 * close() stops the plane after the market. A plane that cannot start opens nothing; a bundle that
 * cannot open stops the plane and rethrows. compose/ hooks it in with one line:
 * `withDataPlane(config, (dataSource) => openChainBackend(context, { ...choice, dataSource: () => dataSource }))`.
 */
export async function withDataPlane<B extends { close(): Promise<void> }>(
  config: DataPlaneConfig,
  open: (dataSource: SlotDataSource) => Promise<B>,
): Promise<B & { readonly dataPlane: NetworkDataPlane }> {
  const plane = await startNetworkDataPlane(config);
  let backend: B;
  try {
    backend = await open(plane.dataSource);
  } catch (error) {
    await plane.stop();
    throw error;
  }
  // Bundles are plain objects (market/backend.ts), so a spread keeps every part.
  return {
    ...backend,
    dataPlane: plane,
    async close() {
      try {
        await backend.close();
      } finally {
        await plane.stop();
      }
    },
  };
}
