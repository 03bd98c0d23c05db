// Loopback peers for the data plane's tests: honest providers from the provider kit, a host-side
// exchange, and datasets small enough to build in milliseconds.
import { randomFillSync } from 'node:crypto';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { BlockExchange } from '../../../../src-main/network/exchange/exchange';
import type { ExchangeTimings } from '../../../../src-main/network/exchange/timings';
import { hex } from '../../../../src-main/network/ids/cid';
import { NetworkNode } from '../../../../src-main/network/node/node';
import type { StaticPeer } from '../../../../src-main/network/node/options';
import {
  prepareDataset,
  slotBlocks,
  verifiableManifest,
  type PreparedDataset,
} from '../../../../src-main/network/provider/dataset';
import { MemoryBlockStore } from '../../../../src-main/network/provider/memory-store';
import { startProvider, type Provider } from '../../../../src-main/network/provider/provider';
import { CodexDataSource, type CodexSourceOptions } from '../../../../src-main/network/source/codex-source';
import type { WantedSlot } from '../../../../src-main/engine/index';
import { fieldLE } from './manifests';

/** Timings that let a misbehaving peer be noticed in well under a second. */
export const fastTimings: Partial<ExchangeTimings> = {
  presenceRetryMs: 100,
  activityTimeoutMs: 1_200,
  discoveryIntervalMs: 150,
  giveUpMs: 4_000,
  tickMs: 40,
  dialTimeoutMs: 2_000,
};

/** A dataset with its manifest and a store serving both. */
export interface TestDataset {
  readonly ds: PreparedDataset;
  readonly manifest: { bytes: Uint8Array; cid: Uint8Array };
  readonly store: MemoryBlockStore;
  /** The WantedSlot of slot `s` of a request naming this dataset. */
  slot(s: number): WantedSlot;
  /** The blocks of slot `s`. */
  blocks(s: number): readonly Uint8Array[];
}

/** A dataset of `originalBlocks` random blocks (less `tail` bytes) in ecK + ecM slots. */
export function testDataset(originalBlocks: number, ecK = 2, ecM = 1, tail = 1000): TestDataset {
  const ds = prepareDataset({ data: randomFillSync(new Uint8Array(originalBlocks * 65_536 - tail)), ecK, ecM });
  const slots = ecK + ecM;
  const manifest = verifiableManifest(ds, {
    slotRoots: Array.from({ length: slots }, (_, i) => fieldLE(i + 1)),
    verifyRoot: fieldLE(77),
  });
  const store = new MemoryBlockStore();
  store.add(ds, manifest);
  const slotSize = 65_536n * BigInt(2 ** Math.ceil(Math.log2(Math.max(1, ds.steps))));
  return {
    ds,
    manifest,
    store,
    blocks: (s) => slotBlocks(ds, s),
    slot: (s) => ({
      requestId: '0x' + 'ab'.repeat(32),
      slotIndex: BigInt(s),
      request: {
        client: '0x' + '00'.repeat(20),
        ask: {
          proofProbability: 1n,
          pricePerBytePerSecond: 1n,
          collateralPerByte: 1n,
          slots: BigInt(slots),
          slotSize,
          duration: 100n,
          maxSlotLoss: 0n,
        },
        content: { cid: '0x' + hex(manifest.cid), merkleRoot: '0x' + hex(fieldLE(77)) },
        expiry: 50n,
        nonce: '0x' + '00'.repeat(32),
      },
    }),
  };
}

/** A host: node, exchange and data source asking the given peers. */
export interface TestHost {
  readonly node: NetworkNode;
  readonly exchange: BlockExchange;
  readonly source: CodexDataSource;
  stop(): Promise<void>;
}

/** A host that knows `peers` (as --peer would give them). */
export async function startTestHost(
  peers: readonly ({ node: NetworkNode; multiaddrs: readonly string[] } | StaticPeer)[],
  options: {
    timings?: Partial<ExchangeTimings>;
    maxMessageBytes?: number;
    findProviders?: CodexDataSourceFind;
    sourceOptions?: CodexSourceOptions;
  } = {},
): Promise<TestHost> {
  const node = await NetworkNode.start({
    privateKey: await generateKeyPair('secp256k1'),
    listenAddrs: ['/ip4/127.0.0.1/tcp/0'],
  });
  const exchange = new BlockExchange(node.libp2p, {
    timings: { ...fastTimings, ...options.timings },
    ...(options.maxMessageBytes ? { maxMessageBytes: options.maxMessageBytes } : {}),
  });
  await exchange.start();
  const source = new CodexDataSource(node, exchange, {
    staticPeers: peers.map((p) =>
      'peerId' in p ? p : { peerId: p.node.peerId.toString(), multiaddr: p.multiaddrs[0]! },
    ),
    ...(options.findProviders ? { findProviders: options.findProviders } : {}),
    ...options.sourceOptions,
  });
  return {
    node,
    exchange,
    source,
    async stop() {
      await exchange.stop();
      await node.stop();
    },
  };
}

type CodexDataSourceFind = NonNullable<ConstructorParameters<typeof CodexDataSource>[2]>['findProviders'];

/** An honest provider serving `data`. */
export function honestProvider(data: TestDataset): Promise<Provider> {
  return startProvider({ store: data.store });
}

/** A sink that keeps blocks by slot index. */
export function collectingSink(): { put(i: number, b: Uint8Array): Promise<void>; blocks: Map<number, Uint8Array> } {
  const blocks = new Map<number, Uint8Array>();
  return { blocks, put: async (i, b) => void blocks.set(i, b) };
}

/** 0 … n-1. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
