import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApi, type RunningApi } from '../../../src-main/api/service';
import { startHeadlessServer, type HeadlessServer } from '../../../src-main/headless/server';
import { FakeSalesSource, MemorySettings } from '../../fakes/sales-source';

const token = 'test-token-abcdefghijkl';
let api: RunningApi;
let server: HeadlessServer;
let base: string;

beforeEach(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'sk-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Slotkeeper</title>');
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
  api = createApi({
    host: 'headless',
    version: '9.9.9',
    now: () => 1_700_000_000,
    tickIntervalMs: 60_000,
    source: new FakeSalesSource(),
    settings: new MemorySettings(),
  });
  server = await startHeadlessServer({ api, token, host: '127.0.0.1', port: 0, rendererDir });
  base = `http://127.0.0.1:${server.port}`;
});

afterEach(async () => {
  api.close();
  await server.close();
});

function connect(protocols: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, protocols);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('headless server', () => {
  it('prints an address carrying the token in the fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${token}`);
  });

  it('serves the dashboard with a Content-Security-Policy', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Slotkeeper</title>');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${base}/app.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('never serves files outside the dashboard folder', async () => {
    const response = await fetch(`${base}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await response.text()).not.toContain('root:');
  });

  it('refuses api calls without the token', async () => {
    const response = await fetch(`${base}/api/codex/v1/space`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses a WebSocket without the token', async () => {
    await expect(connect(['slotkeeper.v1'])).rejects.toThrow(/401/);
    await expect(connect(['slotkeeper.v1', 'token.wrong-token-000000'])).rejects.toThrow(/401/);
  });

  it('answers invocations and pushes events over an authenticated WebSocket', async () => {
    const ws = await connect(['slotkeeper.v1', `token.${token}`]);
    const frames: unknown[] = [];
    const got = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        frames.push(JSON.parse(String(data)));
        if (frames.length === 2) resolve();
      }),
    );
    ws.send(JSON.stringify({ type: 'invoke', id: 7, name: 'status.get', args: {} }));
    await new Promise((r) => setTimeout(r, 20));
    api.emit('engine.tick', { now: 1_700_000_001 });
    await got;
    ws.close();
    expect(frames).toContainEqual({
      type: 'result',
      id: 7,
      ok: true,
      value: { now: 1_700_000_000, startedAt: 1_700_000_000, host: 'headless', version: '9.9.9' },
    });
    expect(frames).toContainEqual({ type: 'event', name: 'engine.tick', payload: { now: 1_700_000_001 } });
  });

  it('answers a malformed frame with an error and keeps the connection', async () => {
    const ws = await connect(['slotkeeper.v1', `token.${token}`]);
    const reply = new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    ws.send('not json');
    expect(await reply).toMatchObject({ type: 'error', error: { code: 'invalid-argument' } });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
