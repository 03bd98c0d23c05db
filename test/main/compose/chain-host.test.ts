// A host on `--market chain` against a real EVM behind a loopback proxy: the dashboard shows the
// wallet and the connection, and a node that stops answering becomes the `chain-unreachable`
// alert (and the header's status) until it answers again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertDto, SnapshotDto } from '../../../src-main/api/dto';
import { startEngineHost, type EngineHost } from '../../../src-main/compose/engine-host';
import { devnetChainTimings } from '../../../src-main/market/chain/timings';
import { parseNetworkArgs } from '../../../src-main/network/node/options';
import { until, useChainFixture } from '../market/chain/fixture';
import { RpcProxy } from '../market/chain/rpc-proxy';

const chain = useChainFixture();
let proxy: RpcProxy;
let engine: EngineHost | undefined;
beforeEach(async () => {
  const f = chain();
  proxy = new RpcProxy(f.devnet.httpUrl, f.devnet.wsUrl);
  await proxy.start();
});
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await proxy.stop();
});

const snapshot = async (e: EngineHost) =>
  ((await e.api.invoke('live.snapshot', {})) as { ok: true; value: SnapshotDto }).value;
const unreachable = async (e: EngineHost) =>
  ((await e.api.invoke('alerts.list', {})) as { ok: true; value: AlertDto[] }).value.filter(
    (a) => a.key === 'chain-unreachable',
  );

describe('a host on a chain', () => {
  it('shows the wallet and the connection, and raises chain-unreachable while the node is down', async () => {
    const f = chain();
    engine = await startEngineHost({
      host: 'headless',
      version: 'test',
      dataDir: f.dataDir,
      quota: 1n << 30n,
      market: {
        kind: 'chain',
        options: f.options({ rpcUrl: proxy.url, wsUrl: proxy.ws }),
        timings: { ...devnetChainTimings, requestTimeoutMs: 1_000, retryBaseMs: 20, retryMaxMs: 200, reconnectMs: 50 },
      },
    });
    const e = engine;
    const market = (await snapshot(e)).market;
    expect(market).toMatchObject({
      kind: 'chain',
      hostAddress: f.devnet.accounts[1]!.address.toLowerCase(),
      balance: String(await f.balance(f.devnet.accounts[1]!.address)),
      gasBalance: String(await f.devnet.provider.getBalance(f.devnet.accounts[1]!.address)),
      status: { connection: 'connected', events: 'websocket' },
    });
    expect(await unreachable(e)).toEqual([]);

    await proxy.stop();
    await until(async () => (await unreachable(e)).some((a) => a.state === 'active'), 'the alert', 20_000);
    const [alert] = await unreachable(e);
    expect(alert).toMatchObject({ category: 'chain', severity: 'error' });
    expect(alert!.message).toContain(`The chain's RPC endpoint ${proxy.url}`);
    await until(
      async () => (await snapshot(e)).market.status?.connection === 'unreachable',
      'the status in the snapshot',
      20_000,
    );

    await proxy.start();
    await until(async () => (await unreachable(e))[0]?.state === 'resolved', 'the alert resolved', 20_000);
    await until(async () => (await snapshot(e)).market.status?.connection === 'connected', 'connected again', 20_000);
  }, 60_000);

  it('on the data plane, shows its node and fetches nothing it cannot prove: it waits for the marketplace’s circuit files and says so', async () => {
    const f = chain();
    const network = parseNetworkArgs(['--listen-addrs', '/ip4/127.0.0.1/tcp/0', '--disc-port', '0']);
    if (!network.ok) throw new Error(network.message);
    engine = await startEngineHost({
      host: 'headless',
      version: 'test',
      dataDir: f.dataDir,
      quota: 1n << 30n,
      // Nothing answers on port 9: the download of the circuit archive fails at once.
      circuits: { url: 'http://127.0.0.1:9/' },
      market: {
        kind: 'chain',
        options: f.options({ rpcUrl: proxy.url, wsUrl: proxy.ws }),
        timings: devnetChainTimings,
        network: network.options,
      },
    });
    const e = engine;
    const { zkeyHash } = f.config.proofs;
    await until(async () => (await snapshot(e)).proofs.ready === false, 'the proofs held', 20_000);
    const { proofs, queue, market } = await snapshot(e);
    expect(market.network?.peerId).toMatch(/^\w+$/);
    // Listen addresses are as configured (port 0); the announced ones carry the bound port.
    expect(market.network?.listenAddrs).toContainEqual(expect.stringMatching(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/));
    expect(market.network?.announceAddrs).toContainEqual(expect.stringMatching(/^\/ip4\/127\.0\.0\.1\/tcp\/[1-9]/));
    expect(proofs.circuit).toMatchObject({ zkeyHash, origin: 'data-folder' });
    expect(proofs.reason).toMatch(/circuit/i);
    expect(queue.heldReason).toBeDefined();
  }, 60_000);
});
