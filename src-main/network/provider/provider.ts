// A peer that serves datasets over Codex's block exchange and fetches nothing: what a simulated
// client becomes on loopback, and the other end of the data plane's tests and benchmark.
import type { PrivateKey } from '@libp2p/interface';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { Logger } from '../../engine/index';
import { BlockExchange } from '../exchange/exchange';
import type { ServedBlocks, ServingLimits } from '../exchange/server';
import { NetworkNode } from '../node/node';

/** How to start a provider. */
export interface ProviderConfig {
  readonly store: ServedBlocks;
  /** Defaults to a random port on loopback. */
  readonly listenAddrs?: readonly string[];
  /** Defaults to a fresh secp256k1 identity. */
  readonly privateKey?: PrivateKey;
  readonly servingLimits?: Partial<ServingLimits>;
  readonly log?: Logger;
}

/** A running provider. */
export interface Provider {
  readonly node: NetworkNode;
  readonly exchange: BlockExchange;
  /** Full multiaddrs to give a host as --peer. */
  readonly multiaddrs: readonly string[];
  stop(): Promise<void>;
}

/** Starts a serving-only peer. */
export async function startProvider(config: ProviderConfig): Promise<Provider> {
  const node = await NetworkNode.start({
    privateKey: config.privateKey ?? (await generateKeyPair('secp256k1')),
    listenAddrs: config.listenAddrs ?? ['/ip4/127.0.0.1/tcp/0'],
  });
  const exchange = new BlockExchange(node.libp2p, {
    serve: config.store,
    ...(config.servingLimits ? { servingLimits: config.servingLimits } : {}),
    ...(config.log ? { log: config.log } : {}),
  });
  await exchange.start();
  return {
    node,
    exchange,
    multiaddrs: node.libp2p.getMultiaddrs().map(String),
    async stop() {
      await exchange.stop();
      await node.stop();
    },
  };
}
