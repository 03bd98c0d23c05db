// Malformed WebSocket frames, sent over raw TCP: each must close only its own connection, with the
// RFC 6455 status code for the fault, and leave the host serving everyone else.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApi, type RunningApi } from '../../../src-main/api/service';
import { startHeadlessServer, type HeadlessServer } from '../../../src-main/headless/server';
import { closePayload, frame, openRawWs, type FrameSpec } from '../../fakes/raw-ws';
import { FakeSalesSource, MemorySettings } from '../../fakes/sales-source';

const token = 'frames-token-abcdefghijkl';
let api: RunningApi;
let server: HeadlessServer;
const logged: string[] = [];

beforeAll(async () => {
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
    rendererDir: mkdtempSync(join(tmpdir(), 'sk-frames-')),
    log: (line) => logged.push(line),
  });
});

afterAll(async () => {
  api.close();
  await server.close();
});

const auth = { 'Sec-WebSocket-Protocol': `slotkeeper.v1, token.${token}` };

/** A well-behaved client still gets answers. */
async function stillServes(): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, ['slotkeeper.v1', `token.${token}`]);
  const reply = await new Promise<{ ok: boolean }>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'invoke', id: 1, name: 'status.get', args: {} })));
    ws.on('message', (data) => resolve(JSON.parse(String(data)) as { ok: boolean }));
  });
  ws.close();
  expect(reply.ok).toBe(true);
}

const big = 'x'.repeat(2 << 20);
const badUtf8 = Buffer.from([0x68, 0xc3, 0x28, 0xff]);
const kinds: [string, number, FrameSpec[]][] = [
  ['an oversized text frame (2 MiB)', 1009, [{ payload: big }]],
  [
    'an oversized message in fragments',
    1009,
    [
      { fin: false, payload: big.slice(0, 600_000) },
      { opcode: 0, payload: big.slice(0, 600_000) },
    ],
  ],
  ['a 64-bit length beyond 2^53', 1009, [{ declaredLength: 1n << 60n }]],
  ['text that is not UTF-8', 1007, [{ payload: badUtf8 }]],
  ['a reserved data opcode (0x3)', 1002, [{ opcode: 0x3, payload: 'x' }]],
  ['a reserved control opcode (0xB)', 1002, [{ opcode: 0xb }]],
  ['an unmasked frame', 1002, [{ mask: false, payload: 'hello' }]],
  ['RSV1 set without permessage-deflate', 1002, [{ rsv: 4, payload: 'x' }]],
  ['RSV2 and RSV3 set', 1002, [{ rsv: 3, payload: 'x' }]],
  ['a fragmented control frame (ping without FIN)', 1002, [{ opcode: 0x9, fin: false }]],
  ['a control frame over 125 bytes', 1002, [{ opcode: 0x9, payload: Buffer.alloc(126) }]],
  ['a continuation frame with nothing to continue', 1002, [{ opcode: 0, payload: 'x' }]],
  ['a new text frame inside a fragmented message', 1002, [{ fin: false, payload: 'a' }, { payload: 'b' }]],
  ['a close frame with an invalid code (999)', 1002, [{ opcode: 0x8, payload: closePayload(999) }]],
  ['a close frame with a reserved code (1005)', 1002, [{ opcode: 0x8, payload: closePayload(1005) }]],
  ['a close frame with a one-byte body', 1002, [{ opcode: 0x8, payload: Buffer.from([3]) }]],
  ['a close reason that is not UTF-8', 1007, [{ opcode: 0x8, payload: closePayload(1000, badUtf8) }]],
];

describe('WebSocket bridge against malformed frames', () => {
  it.each(kinds)('closes a client sending %s with status %i and keeps serving', async (_kind, code, frames) => {
    const raw = await openRawWs(server.port, auth);
    for (const spec of frames) raw.socket.write(frame(spec));
    expect(await raw.closed).toBe(code);
    await stillServes();
  });

  it('logs each bad frame with its reason instead of crashing', () => {
    expect(logged.some((line) => /websocket client .*(Invalid|invalid|Max payload)/.test(line))).toBe(true);
  });

  it('survives a client that resets its socket mid-upgrade', async () => {
    const raw = await openRawWs(server.port, auth);
    raw.socket.resetAndDestroy();
    await raw.closed;
    await stillServes();
  });
});
