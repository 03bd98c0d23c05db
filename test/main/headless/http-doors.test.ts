// The doors every request passes before any work: the Host header, the Origin, the token's
// scheme, the body size, the method and the path's encoding — each answered with its own status.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { DevnetRequestInput, DevnetSource } from '../../../src-main/api/rest/devnet';
import type { CodexRestSource } from '../../../src-main/api/rest/source';
import { createApi, type RunningApi } from '../../../src-main/api/service';
import { startHeadlessServer, type HeadlessServer } from '../../../src-main/headless/server';
import { FakeSalesSource, MemorySettings } from '../../fakes/sales-source';

const token = 'doors-token-abcdefghijkl';
let api: RunningApi;
let server: HeadlessServer;
let port: number;

/** A devnet whose clock advance waits until the test lets it go, and which counts posted requests. */
class HeldDevnet implements DevnetSource {
  posted: DevnetRequestInput[] = [];
  release: (() => void) | undefined;
  now = () => 1000;
  advance = (seconds: number) =>
    new Promise<number>(
      (resolve) =>
        (this.release = () => {
          this.release = undefined;
          resolve(1000 + seconds);
        }),
    );
  postRequest = async (input: DevnetRequestInput) => {
    this.posted.push(input);
    return '0x' + '1'.repeat(64);
  };
  request = async () => undefined;
  host = async () => ({ address: '0x' + '2'.repeat(40), balance: 5n });
}
const devnet = new HeldDevnet();

const codex: CodexRestSource = {
  listAvailabilities: () => [],
  createAvailability: async () => {
    throw new Error('not in this test');
  },
  updateAvailability: async () => {},
  listReservations: () => [],
  space: () => ({ totalBlocks: 0n, quotaMaxBytes: 100n, quotaUsedBytes: 0n, quotaReservedBytes: 0n }),
  activeSlots: async () => [],
  slotAgent: () => undefined,
};

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'sk-doors-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Slotkeeper</title>');
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
    rendererDir,
    codex,
    devnet,
    allowedHosts: ['node.example.org'],
  });
  port = server.port;
});

afterAll(async () => {
  api.close();
  await server.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (fetch would not let a test set Host). */
function call(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { Authorization: `Bearer ${token}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function upgrade(headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['slotkeeper.v1', `token.${token}`], { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.once('error', () => resolve('error'));
  });
}

describe('Host header', () => {
  it('refuses a foreign Host with 421, before the token is looked at', async () => {
    const answer = await call('GET', '/api/codex/v1/space', { Host: 'evil.example' });
    expect(answer.status).toBe(421);
    expect(answer.body).toContain('--allowed-host');
    expect((await call('GET', '/', { Host: 'evil.example' })).status).toBe(421);
  });

  it.each([
    '127.0.0.1:PORT',
    'localhost:PORT',
    'LOCALHOST:PORT',
    '[::1]:PORT',
    'node.example.org',
    'node.example.org:PORT',
  ])('answers Host %s', async (host) => {
    expect((await call('GET', '/api/codex/v1/space', { Host: host.replace('PORT', String(port)) })).status).toBe(200);
  });

  it('refuses a WebSocket upgrade with a foreign Host', async () => {
    expect(await upgrade({ Host: 'evil.example' })).toBe('421');
  });
});

describe('Origin', () => {
  it('opens the WebSocket for the server’s own page and for clients without an Origin', async () => {
    expect(await upgrade({ Origin: `http://127.0.0.1:${port}` })).toBe('open');
    expect(await upgrade({})).toBe('open');
  });

  it.each(['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`])(
    'refuses the WebSocket to a page from %s',
    async (origin) => {
      expect(await upgrade({ Origin: origin })).toBe('403');
    },
  );

  it('refuses a state-changing call from a foreign page, and lets it read nothing either way', async () => {
    const post = await call('POST', '/api/devnet/v1/requests', { Origin: 'http://evil.example' }, '{}');
    expect(post.status).toBe(403);
    expect(devnet.posted).toEqual([]);
    const own = await call('GET', '/api/codex/v1/space', { Origin: `http://127.0.0.1:${port}` });
    expect(own.status).toBe(200);
  });
});

describe('api answers', () => {
  it('are never cached, errors included', async () => {
    expect((await call('GET', '/api/codex/v1/space')).headers['cache-control']).toBe('no-store');
    expect((await call('GET', '/api/codex/v1/space', { Authorization: 'Bearer wrong' })).headers['cache-control']).toBe(
      'no-store',
    );
  });

  it.each([`bearer ${token}`, `BEARER ${token}`, `basic ${Buffer.from(`x:${token}`).toString('base64')}`])(
    'accept the scheme name in any case: %s',
    async (authorization) => {
      expect((await call('GET', '/api/codex/v1/space', { Authorization: authorization })).status).toBe(200);
    },
  );

  it('answer an oversized body with 413, not a reset', async () => {
    const answer = await call('POST', '/api/codex/v1/sales/availability', {}, 'x'.repeat(2 << 20));
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('1 MiB');
  });

  it('answer a wrong method with 405 and the methods that work', async () => {
    const answer = await call('DELETE', '/api/codex/v1/sales/availability');
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, POST, HEAD');
    const patch = await call('GET', '/api/codex/v1/sales/availability/0x' + '1'.repeat(64));
    expect([patch.status, patch.headers.allow]).toEqual([405, 'PATCH']);
    expect((await call('PUT', '/api/devnet/v1/clock')).headers.allow).toBe('GET, HEAD');
    expect((await call('GET', '/api/codex/v1/nothing')).status).toBe(404);
  });

  it('answer HEAD like GET without the body', async () => {
    const head = await call('HEAD', '/api/codex/v1/space');
    const get = await call('GET', '/api/codex/v1/space');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.body)));
  });

  it('answer malformed percent-encoding in a path with 400', async () => {
    expect((await call('GET', '/api/codex/v1/sales/slots/%E0%A4%A')).status).toBe(400);
    expect((await call('GET', '/%E0%A4%A', { Authorization: '' })).status).toBe(400);
  });
});

describe('devnet', () => {
  const ask = {
    slots: 2,
    duration: 3600,
    pricePerBytePerSecond: '1',
    collateralPerByte: '1',
    proofProbability: '1',
    maxSlotLoss: 1,
    expiry: 600,
  };

  it.each([
    ['a 1 TiB slot', { slotSize: 2 ** 40 }, 'slotSize must be 65536 bytes'],
    ['a slot that is not whole blocks', { slotSize: 100_000 }, 'slotSize must be 65536 bytes'],
    ['a slot of 3 blocks', { slotSize: 3 * 65_536 }, 'times a power of two'],
    ['no slots', { slotSize: 65_536, slots: 0 }, 'slots must be between 1 and 256'],
    ['257 slots', { slotSize: 65_536, slots: 257 }, 'slots must be between 1 and 256'],
    ['a 16 GiB dataset', { slotSize: 2 ** 30, slots: 16 }, 'at most 4294967296 bytes'],
  ])('refuses %s at once with 422, posting nothing', async (_case, change, message) => {
    const answer = await call('POST', '/api/devnet/v1/requests', {}, JSON.stringify({ ...ask, ...change }));
    expect(answer.status).toBe(422);
    expect(answer.body).toContain(message);
    expect(devnet.posted).toEqual([]);
  });

  it('posts a request of sane size', async () => {
    const answer = await call('POST', '/api/devnet/v1/requests', {}, JSON.stringify({ ...ask, slotSize: 1 << 20 }));
    expect(answer.status).toBe(201);
    expect(devnet.posted.map((p) => p.slotSize)).toEqual([1n << 20n]);
  });

  it('answers a clock advance during another one with 409', async () => {
    const first = call('POST', '/api/devnet/v1/clock/advance', {}, '{"seconds": 10}');
    await vi.waitFor(() => expect(devnet.release).toBeDefined());
    const second = await call('POST', '/api/devnet/v1/clock/advance', {}, '{"seconds": 5}');
    expect(second.status).toBe(409);
    expect(second.body).toContain('already being advanced');
    devnet.release!();
    expect(JSON.parse((await first).body)).toEqual({ now: 1010 });
    const third = call('POST', '/api/devnet/v1/clock/advance', {}, '{"seconds": 1}');
    await vi.waitFor(() => expect(devnet.release).toBeDefined());
    devnet.release!();
    expect((await third).status).toBe(200);
  });
});
