// Faults a host meets on a real network, bounded in count and time: a slow and a rate-limited RPC,
// the RPC node restarting, the WebSocket dropping, and the host process killed in the middle of a
// transaction. After each, the chain's balances are checked against what the adapter reports.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { devnetChainTimings, type ChainTimings } from '../../../../src-main/market/chain/timings';
import type { ChainSession } from '../../../../src-main/market/chain/session';
import { PROOF, until, useChainFixture } from './fixture';
import { RpcProxy } from './rpc-proxy';

const chain = useChainFixture();
const CPS = 5n * 1024n;
const fast: ChainTimings = {
  ...devnetChainTimings,
  requestTimeoutMs: 1_000,
  retryBaseMs: 20,
  retryMaxMs: 200,
  giveUpMs: 15_000,
  reconnectMs: 50,
};
let proxy: RpcProxy;
beforeEach(async () => {
  const f = chain();
  proxy = new RpcProxy(f.devnet.httpUrl, f.devnet.wsUrl);
  await proxy.start();
});
afterEach(async () => {
  await proxy.stop();
});

const viaProxy = () => chain().connect({ rpcUrl: proxy.url, wsUrl: proxy.ws }, { timings: fast });

async function balancesAgree(s: ChainSession): Promise<void> {
  const f = chain();
  const reported = await s.wallet.balances();
  expect(reported.token).toBe(await f.balance(s.address));
  expect(reported.gas).toBe(await f.devnet.provider.getBalance(s.address));
}

describe('a slow or rate-limited RPC', () => {
  it('still completes a whole fill, retrying the 429s', async () => {
    const f = chain();
    const s = await viaProxy();
    const { id } = await f.post();
    proxy.faults.delayMs = 30;
    proxy.faults.rateLimitNext = 5;
    const before = await f.balance(s.address);
    await s.market.reserveSlot(id, 0n);
    proxy.faults.rateLimitNext = 4;
    await s.market.fillSlot(id, 0n, PROOF, CPS);
    expect(proxy.rateLimited).toBe(9);
    expect(await f.balance(s.address)).toBe(before - CPS);
    expect(s.status.get().connection).toBe('connected');
    await balancesAgree(s);
  });
});

describe('the RPC node restarting', () => {
  it('reports the chain unreachable meanwhile, then finishes the call and resumes events', async () => {
    const f = chain();
    const s = await viaProxy();
    const requested: string[] = [];
    s.market.subscribe('StorageRequested', (e) => requested.push(e.requestId));
    await s.eventsReady();
    const { id } = await f.post();
    await until(() => requested.length === 1, 'the first request');
    await proxy.stop();
    const statuses: string[] = [];
    s.status.subscribe((st) => statuses.push(st.connection));
    const reserving = s.market.reserveSlot(id, 0n);
    await until(() => s.status.get().connection === 'unreachable', 'the chain to count as unreachable');
    const b = await f.post();
    await proxy.start();
    await reserving;
    expect(statuses).toContain('unreachable');
    expect(s.status.get().connection).toBe('connected');
    expect(s.status.get().lastError).toMatch(/ECONNREFUSED|socket|fetch failed/);
    await until(() => requested.length === 2, 'the request posted while the node was down');
    expect(requested).toEqual([id, b.id]);
    expect(await s.market.canReserveSlot(id, 0n)).toBe(false);
    await balancesAgree(s);
  });
});

describe('a dropped WebSocket', () => {
  it('falls back to HTTP polling, reconnects, and delivers every event once', async () => {
    const f = chain();
    const s = await viaProxy();
    const seen: string[] = [];
    s.market.subscribe('StorageRequested', (e) => seen.push(e.requestId));
    await s.eventsReady();
    expect(s.status.get().events).toBe('websocket');
    proxy.dropWebSockets();
    await until(() => s.status.get().events === 'polling', 'polling');
    const a = await f.post();
    await until(() => seen.length === 1, 'an event while polling');
    await until(() => s.status.get().events === 'websocket', 'the socket to come back');
    const b = await f.post();
    await until(() => seen.length === 2, 'an event over the new socket');
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([a.id, b.id]);
  });
});

describe('the host process killed during a transaction', () => {
  it('reconciles the nonce and the cursor on restart, and the money adds up on chain', async () => {
    const f = chain();
    const { id } = await f.post();
    const child = spawn(
      process.execPath,
      [
        '--experimental-transform-types',
        '--no-warnings',
        '--import',
        './test/fakes/node-ts-hooks.mjs',
        join(import.meta.dirname, 'child-host.ts'),
      ],
      {
        cwd: join(import.meta.dirname, '..', '..', '..', '..'),
        env: {
          ...process.env,
          RPC_URL: f.devnet.httpUrl,
          MARKETPLACE: f.devnet.addresses.marketplace,
          KEY_FILE: f.keyFile,
          DATA_DIR: f.dataDir,
        },
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await until(() => out.includes('ready'), 'the child to connect', 20_000);
      child.stdin.write(`reserve ${id} 0\n`);
      await until(() => out.includes('done reserve'), 'the reservation', 10_000);
      await f.devnet.controls.setAutomine(false);
      child.stdin.write(`fill ${id} 0\n`);
      const pending = async () =>
        Number(await f.devnet.provider.send('eth_getBlockTransactionCountByNumber', ['pending']));
      await until(async () => (await pending()) === 1, 'the approve to be pending', 10_000);
    } finally {
      child.kill('SIGKILL');
      await exited;
      await f.devnet.controls.mine();
      await f.devnet.controls.setAutomine(true);
    }
    const before = await f.balance(f.devnet.accounts[1]!.address);
    const s = await f.connect();
    expect(await f.devnet.provider.getTransactionCount(s.address, 'pending')).toBe(
      await f.devnet.provider.getTransactionCount(s.address),
    );
    const seen: string[] = [];
    s.market.subscribe('SlotFilled', (e) => seen.push(`${e.requestId} ${e.slotIndex}`));
    await s.eventsReady();
    expect(await s.market.slotState(s.market.slotId(id, 0n))).toBe('Free');
    await s.market.fillSlot(id, 0n, PROOF, CPS);
    await until(() => seen.length === 1, 'the fill after the restart');
    expect(await f.balance(s.address)).toBe(before - CPS);
    expect(await f.token.getFunction('allowance')(s.address, f.devnet.addresses.marketplace)).toBe(0n);
    expect(await s.market.mySlots()).toEqual([s.market.slotId(id, 0n)]);
    await balancesAgree(s);
  }, 60_000);
});
