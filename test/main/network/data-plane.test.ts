// The data plane as a host on a real market runs it: no --peer, only a --bootstrap-node. The host
// must find the provider through Codex's DHT and fetch a slot from it, all on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  reachableAddrs,
  startNetworkDataPlane,
  withDataPlane,
  type NetworkDataPlane,
} from '../../../src-main/network/data-plane';
import { parseNetworkArgs } from '../../../src-main/network/node/options';
import { loopbackTuning } from './dht/loopback-helpers';
import { collectingSink, fastTimings, range, testDataset } from './helpers/network';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const dhtTuning = { ...loopbackTuning, responseTimeoutMs: 3000 };

async function plane(argv: string[], extra: { serve?: ReturnType<typeof testDataset>['store'] } = {}) {
  const listen = argv.includes('--listen-addrs') ? [] : ['--listen-addrs', '/ip4/127.0.0.1/tcp/0'];
  const parsed = parseNetworkArgs([...listen, '--disc-port', '0', ...argv]);
  if (!parsed.ok) throw new Error(parsed.message);
  const dataDir = mkdtempSync(join(tmpdir(), 'slotkeeper-plane-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const started: NetworkDataPlane = await startNetworkDataPlane({
    dataDir,
    options: parsed.options,
    dhtBindHost: '127.0.0.1',
    dhtTuning,
    timings: fastTimings,
    ...extra,
  });
  cleanups.push(() => started.stop());
  return started;
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the data plane', () => {
  it('finds a provider through the DHT from a bootstrap node alone and fetches a slot from it', async () => {
    const data = testDataset(4, 2, 1);
    const provider = await plane([], { serve: data.store });
    const host = await plane(['--bootstrap-node', provider.status().spr]);
    expect(host.status().peerId).not.toBe(provider.status().peerId);
    // The provider must know the host before it announces, or it announces to nobody but itself.
    expect(await host.dht.refresh()).toBeGreaterThan(0);
    await provider.announce(data.manifest.cid);
    await provider.announce(data.ds.treeCid);
    expect(host.status().peerCount).toBe(0); // no libp2p connection yet: only the DHT can name the provider
    const dataset = await host.dataSource.dataset(data.slot(1), AbortSignal.timeout(20_000));
    const sink = collectingSink();
    await dataset.fetchBlocks(range(dataset.blockCount), sink, AbortSignal.timeout(20_000));
    expect(range(dataset.blockCount).map((i) => sink.blocks.get(i))).toEqual(data.blocks(1));
    const status = host.status();
    expect(status.connectedPeers.map((p) => p.peerId)).toContain(provider.status().peerId);
    expect(status.peerCount).toBe(status.connectedPeers.length);
    expect(status.dhtPeers).toBeGreaterThan(0);
    expect(status.spr).toMatch(/^spr:/);
  }, 60_000);

  it('refuses a --disc-port already taken with a message naming it, and leaves nothing running', async () => {
    const first = await plane([]);
    const port = first.dht.endpoint.port;
    const tcpPort = await freeTcpPort();
    const listen = ['--listen-addrs', `/ip4/127.0.0.1/tcp/${tcpPort}`];
    const taken = parseNetworkArgs([...listen, '--disc-port', String(port)]);
    if (!taken.ok) throw new Error(taken.message);
    const dataDir = mkdtempSync(join(tmpdir(), 'slotkeeper-plane-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    await expect(
      startNetworkDataPlane({ dataDir, options: taken.options, dhtBindHost: '127.0.0.1', dhtTuning }),
    ).rejects.toThrow(`UDP port ${port} (--disc-port)`);
    // The node that had started on the TCP port was stopped: the port can be bound again.
    const again = await plane(listen);
    expect(again.status().listenAddrs).toEqual([`/ip4/127.0.0.1/tcp/${tcpPort}`]);
  });
});

describe('a market bundle on the data plane', () => {
  it('gets the data source, and closing it stops the plane after the market', async () => {
    const data = testDataset(4, 2, 1);
    const provider = await plane([], { serve: data.store });
    const tcpPort = await freeTcpPort();
    const parsed = parseNetworkArgs(['--listen-addrs', `/ip4/127.0.0.1/tcp/${tcpPort}`, '--disc-port', '0']);
    if (!parsed.ok) throw new Error(parsed.message);
    const dataDir = mkdtempSync(join(tmpdir(), 'slotkeeper-plane-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const order: string[] = [];
    const bundle = await withDataPlane(
      { dataDir, options: parsed.options, dhtBindHost: '127.0.0.1', dhtTuning, timings: fastTimings },
      async (dataSource) => ({ kind: 'chain', dataSource, close: async () => void order.push('market closed') }),
    );
    cleanups.push(() => bundle.close());
    expect(bundle.dataSource).toBe(bundle.dataPlane.dataSource);
    await bundle.dataPlane.network.node.connect(provider.status().peerId, provider.status().announceAddrs);
    const dataset = await bundle.dataSource.dataset(data.slot(0), AbortSignal.timeout(20_000));
    expect(dataset.blockCount).toBe(2);
    await bundle.close();
    expect(order).toEqual(['market closed']);
    const again = await plane(['--listen-addrs', `/ip4/127.0.0.1/tcp/${tcpPort}`]); // the TCP port is free again
    expect(again.status().listenAddrs).toHaveLength(1);
  });

  it('stops the plane when the market cannot open, and rethrows its error', async () => {
    const tcpPort = await freeTcpPort();
    const parsed = parseNetworkArgs(['--listen-addrs', `/ip4/127.0.0.1/tcp/${tcpPort}`, '--disc-port', '0']);
    if (!parsed.ok) throw new Error(parsed.message);
    const dataDir = mkdtempSync(join(tmpdir(), 'slotkeeper-plane-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    await expect(
      withDataPlane({ dataDir, options: parsed.options, dhtBindHost: '127.0.0.1', dhtTuning }, async () => {
        throw new Error('the chain is unreachable');
      }),
    ).rejects.toThrow('the chain is unreachable');
    const again = await plane(['--listen-addrs', `/ip4/127.0.0.1/tcp/${tcpPort}`]);
    expect(again.status().listenAddrs).toHaveLength(1);
  });
});

describe('the addresses a provider record names', () => {
  it('leave out loopback when the node has another address, and keep it when it has nothing else', () => {
    expect(
      reachableAddrs([
        '/ip4/127.0.0.1/tcp/8070',
        '/ip4/192.0.2.10/tcp/8070',
        '/ip6/::1/tcp/8070',
        '/ip6/2001:db8::1/tcp/8070',
      ]),
    ).toEqual(['/ip4/192.0.2.10/tcp/8070', '/ip6/2001:db8::1/tcp/8070']);
    expect(reachableAddrs(['/ip4/127.0.0.1/tcp/8070'])).toEqual(['/ip4/127.0.0.1/tcp/8070']);
  });
});
