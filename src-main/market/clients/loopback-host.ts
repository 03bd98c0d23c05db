// The host's data plane against a simulated market's clients: its own libp2p node on loopback with
// the clients' peer as its --peer, no DHT (one peer serves everything), every block checked against
// the manifest's tree as on the Codex network. The node's identity is the data folder's `key`.
import type { Logger } from '../../engine/index';
import type { NetworkStatusReading } from '../backend';
import { startHostNetwork, type CodexSourceOptions, type ExchangeTimings, type HostNetwork } from '../../network/index';
import type { ClientPeer } from './client-peer';
import { loopbackExchangeTimings } from './timings';

/** What a loopback host network takes besides the clients' peer. */
export interface LoopbackHostOptions {
  readonly dataDir: string;
  readonly log: Logger;
  /** Block exchange timings (default loopbackExchangeTimings). */
  readonly timings?: Partial<ExchangeTimings> | undefined;
  /** The data source's hooks (onBlockProof, onManifest), for tests. */
  readonly source?: Omit<CodexSourceOptions, 'staticPeers' | 'findProviders'> | undefined;
}

/** Starts the host's node on 127.0.0.1 (a random port) dialling the clients' peer. */
export function startLoopbackHost(clients: ClientPeer, options: LoopbackHostOptions): Promise<HostNetwork> {
  return startHostNetwork({
    dataDir: options.dataDir,
    options: {
      listenAddrs: ['/ip4/127.0.0.1/tcp/0'],
      peers: [clients.peer],
      bootstrapNodes: [],
      discPort: 0,
      nat: undefined,
    },
    timings: options.timings ?? loopbackExchangeTimings,
    log: options.log,
    ...(options.source ? { source: options.source } : {}),
  });
}

/** The loopback node as the dashboard shows it: no DHT, its one peer the clients' node. */
export function loopbackNetworkReading(host: HostNetwork): NetworkStatusReading {
  const node = host.status();
  return {
    peerId: node.peerId,
    listenAddrs: node.listenAddrs,
    announceAddrs: node.announceAddrs,
    peerCount: node.connectedPeers.length,
  };
}
