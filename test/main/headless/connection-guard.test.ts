// Connection caps: idle and hostile connections cannot use up the host's file descriptors or keep
// the operator out. 300 idle connections against a cap of 50 prove the cap; the 1,100 of the
// original report would also need a raised descriptor limit in the test process, and prove no more.
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createApi, type RunningApi } from '../../../src-main/api/service';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from '../../../src-main/headless/connection-guard';
import { startHeadlessServer, type HeadlessServer } from '../../../src-main/headless/server';
import { FakeSalesSource, MemorySettings } from '../../fakes/sales-source';

const token = 'guard-token-abcdefghijkl';
let api: RunningApi;
let server: HeadlessServer | undefined;
const sockets: Socket[] = [];

async function start(limits: Partial<ConnectionLimits>): Promise<number> {
  api = createApi({
    host: 'headless',
    version: '1',
    tickIntervalMs: 60_000,
    source: new FakeSalesSource(),
    settings: new MemorySettings(),
  });
  server = await startHeadlessServer({
    api,
    token,
    host: '127.0.0.1',
    port: 0,
    rendererDir: mkdtempSync(join(tmpdir(), 'sk-guard-')),
    connectionLimits: { ...DEFAULT_CONNECTION_LIMITS, ...limits },
  });
  return server.port;
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  api.close();
  await server?.close();
  server = undefined;
});

/** Opens `count` TCP connections that never send a byte; resolves once all are connected. */
async function idleConnections(port: number, count: number): Promise<{ open: () => number }> {
  let open = 0;
  for (let i = 0; i < count; i++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    sockets.push(socket);
    await new Promise<void>((resolve) =>
      socket.once('connect', () => {
        open++;
        socket.once('close', () => open--);
        resolve();
      }),
    );
  }
  return { open: () => open };
}

function openWs(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['slotkeeper.v1', `token.${token}`]);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function status(ws: WebSocket): Promise<{ ok: boolean }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as { ok: boolean }));
    ws.send(JSON.stringify({ type: 'invoke', id: 1, name: 'status.get', args: {} }));
  });
}

describe('connection caps', () => {
  it('keeps at most the cap of idle connections open, closing the oldest, and still serves the token', async () => {
    const port = await start({ maxUnauthenticated: 50 });
    const dashboard = await openWs(port);
    const flood = await idleConnections(port, 300);
    await vi.waitFor(() => expect(flood.open()).toBeLessThanOrEqual(50));
    const response = await fetch(`http://127.0.0.1:${port}/api/codex/v1/space`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    // This test serves no Codex api: the answer comes from the router, past the doors.
    expect(await response.text()).toBe('Persistence is not enabled');
    expect(await status(dashboard)).toMatchObject({ ok: true });
    expect(await status(await openWs(port))).toMatchObject({ ok: true });
    dashboard.close();
  });

  it('closes an unauthenticated connection that stays idle past its deadline, but not a dashboard', async () => {
    const port = await start({ unauthenticatedIdleMs: 100 });
    const dashboard = await openWs(port);
    const idle = await idleConnections(port, 3);
    await vi.waitFor(() => expect(idle.open()).toBe(0));
    expect(dashboard.readyState).toBe(WebSocket.OPEN);
    expect(await status(dashboard)).toMatchObject({ ok: true });
    dashboard.close();
  });

  it('refuses an authenticated connection past its cap with 503, and takes one again when a slot frees', async () => {
    const port = await start({ maxAuthenticated: 3 });
    const open = [await openWs(port), await openWs(port), await openWs(port)];
    await expect(openWs(port)).rejects.toThrow('status 503');
    const closed = new Promise((resolve) => open[0]!.once('close', resolve));
    open[0]!.close();
    await closed;
    await vi.waitFor(async () => expect(await status(await openWs(port))).toMatchObject({ ok: true }));
    for (const ws of open) ws.close();
  });
});
