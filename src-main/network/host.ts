// The host's data plane in one call: identity from the data folder, the libp2p node on the
// --listen-addrs, the block exchange (serving whatever store the host gives it), and the slot data
// source for the engine. The --peer peers are dialled at start, in the background, so an
// unreachable peer delays nothing; downloads dial them again when they need them.
import { multiaddr } from '@multiformats/multiaddr';
import { silentLogger, type Logger } from '../engine/index';
import { messageOf } from './errors';
import { bounded } from './wire/bounded';
import { BlockExchange } from './exchange/exchange';
import type { ServedBlocks } from './exchange/server';
import type { ExchangeTimings } from './exchange/timings';
import { loadOrCreateIdentity } from './node/identity';
import { NetworkNode, type NodeStatus } from './node/node';
import type { NetworkOptions } from './node/options';
import { CodexDataSource, type CodexSourceOptions } from './source/codex-source';
import type { FindProviders } from './source/peers';

/** What the host's data plane needs. */
export interface HostNetworkConfig {
  /** The data folder: the identity lives in its `key` file. */
  readonly dataDir: string;
  readonly options: NetworkOptions;
  /** The blocks of slots we store, served to peers that ask. */
  readonly serve?: ServedBlocks;
  /** Discovery's provider search (the Codex DHT), once there is one. */
  readonly findProviders?: FindProviders;
  readonly timings?: Partial<ExchangeTimings>;
  readonly log?: Logger;
  readonly userAgent?: string;
  /** Data-source options beyond peers: lendBlocks, onBlockProof, onManifest (see CodexSourceOptions). */
  readonly source?: Omit<CodexSourceOptions, 'staticPeers' | 'findProviders'>;
}

/** The running data plane. */
export interface HostNetwork {
  readonly node: NetworkNode;
  readonly exchange: BlockExchange;
  readonly dataSource: CodexDataSource;
  /** Peer id, addresses and connected peers, for the dashboard. */
  status(): NodeStatus;
  stop(): Promise<void>;
}

/** Starts the host's node, exchange and data source. Throws NetworkError for a bad key file. */
export async function startHostNetwork(config: HostNetworkConfig): Promise<HostNetwork> {
  const log = config.log ?? silentLogger;
  const privateKey = await loadOrCreateIdentity(config.dataDir);
  const node = await NetworkNode.start({
    privateKey,
    listenAddrs: config.options.listenAddrs,
    ...(config.options.nat ? { extIp: config.options.nat.extIp } : {}),
    ...(config.userAgent ? { userAgent: config.userAgent } : {}),
  });
  const exchange = new BlockExchange(node.libp2p, {
    ...(config.serve ? { serve: config.serve } : {}),
    ...(config.timings ? { timings: config.timings } : {}),
    log,
  });
  await exchange.start();
  for (const peer of config.options.peers)
    bounded(exchange.timings.dialTimeoutMs, undefined, (signal) =>
      node.libp2p.dial(multiaddr(peer.multiaddr), { signal }),
    ).catch((error) =>
      log.warn('could not reach a --peer at start', { peer: peer.multiaddr, error: messageOf(error) }),
    );
  const dataSource = new CodexDataSource(node, exchange, {
    ...config.source,
    staticPeers: config.options.peers,
    ...(config.findProviders ? { findProviders: config.findProviders } : {}),
  });
  return {
    node,
    exchange,
    dataSource,
    status: () => node.status(),
    async stop() {
      await exchange.stop();
      await node.stop();
    },
  };
}
