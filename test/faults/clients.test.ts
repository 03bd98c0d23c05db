// Bad clients against the real host: every kind of malformed WebSocket frame, a client that floods
// commands and never reads, and a flood of idle connections. The process must stay up, keep
// answering the operator, hold its memory and descriptors within bounds, and end with its books
// balanced. Bounded: 17 frames, one flood of 150,000 frames, 300 connections.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { closePayload, frame, openRawWs, type FrameSpec } from '../fakes/raw-ws';
import { tempDataDir } from '../fakes/test-db';
import { folderInvariants, startHost, type HostProcess } from './host-process';

const temp = tempDataDir('sk-faults-');
let host: HostProcess;

beforeAll(async () => {
  host = await startHost(temp.dir);
  const offer = { totalSize: 5_000_000, duration: 86_400, minPricePerBytePerSecond: '1', totalCollateral: '1000' };
  expect((await host.call('POST', '/api/codex/v1/sales/availability', offer)).status).toBe(201);
});

afterAll(async () => {
  await host?.stop('SIGKILL');
  temp.remove();
});

const auth = () => ({ 'Sec-WebSocket-Protocol': `slotkeeper.v1, token.${host.token}` });
const answers = async () => (await host.call('GET', '/api/codex/v1/space')).status === 200;

const big = 'x'.repeat(2 << 20);
const badUtf8 = Buffer.from([0xc3, 0x28, 0xff]);
const kinds: [string, FrameSpec[]][] = [
  ['an oversized frame', [{ payload: big }]],
  [
    'an oversized fragmented message',
    [
      { fin: false, payload: big.slice(0, 700_000) },
      { opcode: 0, payload: big.slice(0, 700_000) },
    ],
  ],
  ['a length beyond 2^53', [{ declaredLength: 1n << 62n }]],
  ['bad UTF-8', [{ payload: badUtf8 }]],
  ['a bad data opcode', [{ opcode: 0x4, payload: 'x' }]],
  ['a bad control opcode', [{ opcode: 0xc }]],
  ['an unmasked frame', [{ mask: false, payload: 'x' }]],
  ['RSV1', [{ rsv: 4, payload: 'x' }]],
  ['RSV2', [{ rsv: 2, payload: 'x' }]],
  ['a fragmented ping', [{ opcode: 0x9, fin: false }]],
  ['a 126-byte ping', [{ opcode: 0x9, payload: Buffer.alloc(126) }]],
  ['a stray continuation', [{ opcode: 0, payload: 'x' }]],
  ['a text frame inside a fragmented one', [{ fin: false, payload: 'a' }, { payload: 'b' }]],
  ['close code 999', [{ opcode: 0x8, payload: closePayload(999) }]],
  ['close code 1006', [{ opcode: 0x8, payload: closePayload(1006) }]],
  ['a one-byte close', [{ opcode: 0x8, payload: Buffer.from([1]) }]],
  ['a bad-UTF-8 close reason', [{ opcode: 0x8, payload: closePayload(1000, badUtf8) }]],
];

describe('bad clients against the real host', () => {
  it.each(kinds)('survives %s, closing only that client', async (_kind, frames) => {
    const raw = await openRawWs(host.port, auth());
    for (const spec of frames) raw.socket.write(frame(spec));
    expect(await raw.closed).toBeGreaterThanOrEqual(1002);
    expect(await answers()).toBe(true);
  });

  it('drops a client that floods commands and never reads, staying responsive and bounded in memory', async () => {
    const before = host.usage().rssBytes;
    const raw = await openRawWs(host.port, auth(), { read: false });
    const invoke = (id: number) =>
      frame({ payload: JSON.stringify({ type: 'invoke', id, name: 'live.snapshot', args: {} }) });
    for (let id = 1; id <= 150_000; id += 1000) {
      raw.socket.write(Buffer.concat(Array.from({ length: 1000 }, (_, i) => invoke(id + i))));
      if (id % 30_000 === 1) expect(await answers()).toBe(true);
    }
    raw.socket.resume();
    expect(await raw.closed).toBe(1008);
    expect(await answers()).toBe(true);
    // The cap is 16 MiB of unread replies; without it the queue grew by hundreds of MiB.
    expect(host.usage().rssBytes - before).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);

  it('keeps its descriptors bounded under 300 idle connections and still serves the token', async () => {
    const baseline = host.usage().fds;
    const dashboard = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, ['slotkeeper.v1', `token.${host.token}`]);
    await new Promise((resolve, reject) => dashboard.once('open', resolve).once('error', reject));
    const sockets: Socket[] = [];
    for (let i = 0; i < 300; i++) {
      const socket = connect(host.port, '127.0.0.1');
      socket.on('error', () => {});
      sockets.push(socket);
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    // 64 unauthenticated connections at most (the default cap); the rest were closed.
    await vi.waitFor(() => expect(host.usage().fds - baseline).toBeLessThanOrEqual(64 + 8));
    expect(await answers()).toBe(true);
    const reply = new Promise((resolve) => dashboard.once('message', (d) => resolve(JSON.parse(String(d)))));
    dashboard.send(JSON.stringify({ type: 'invoke', id: 1, name: 'status.get', args: {} }));
    expect(await reply).toMatchObject({ ok: true });
    for (const socket of sockets) socket.destroy();
    dashboard.close();
  }, 60_000);

  it('stops cleanly afterwards and ends with every byte and collateral unit accounted for', async () => {
    expect(await host.stop('SIGTERM')).toBe(0);
    expect(folderInvariants(temp.dir)).toEqual([]);
  }, 30_000);
});
