// What one WebSocket client may cost the host: a client that never reads is dropped once its
// queue passes the cap, a client may have only so many commands running, and a peer that stops
// answering pings is closed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { EventMessage, EventName, Events, InvokeResult, PatchDto } from '../../../src-main/api/contract';
import type { ApiService } from '../../../src-main/api/dispatch';
import { startHeadlessServer, type HeadlessServer } from '../../../src-main/headless/server';
import { CLOSE_TOO_SLOW, DEFAULT_BRIDGE_LIMITS, type BridgeLimits } from '../../../src-main/headless/ws-bridge';
import { frame, openRawWs } from '../../fakes/raw-ws';

const token = 'limits-token-abcdefghijkl';
const auth = { 'Sec-WebSocket-Protocol': `slotkeeper.v1, token.${token}` };

/** An api whose commands wait until the test opens the gate. */
class GatedApi implements ApiService {
  readonly listeners = new Set<(message: EventMessage) => void>();
  running = 0;
  #gate: Promise<void>;
  open!: () => void;
  constructor() {
    this.#gate = new Promise((resolve) => (this.open = resolve));
  }
  async invoke(name: string): Promise<InvokeResult> {
    if (name === 'status.get') return { ok: true, value: 'fine' };
    this.running++;
    await this.#gate;
    this.running--;
    return { ok: true, value: name };
  }
  subscribe(listener: (message: EventMessage) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit<K extends EventName>(name: K, payload: Events[K]): void {
    for (const listener of this.listeners) listener({ name, payload } as EventMessage);
  }
}

let server: HeadlessServer | undefined;
let api: GatedApi;
const logged: string[] = [];

async function start(limits: Partial<BridgeLimits>): Promise<number> {
  api = new GatedApi();
  server = await startHeadlessServer({
    api,
    token,
    host: '127.0.0.1',
    port: 0,
    rendererDir: mkdtempSync(join(tmpdir(), 'sk-limits-')),
    log: (line) => logged.push(line),
    bridgeLimits: { ...DEFAULT_BRIDGE_LIMITS, ...limits },
  });
  return server.port;
}

afterEach(async () => {
  api.open();
  await server?.close();
  server = undefined;
  logged.length = 0;
});

async function statusOverWs(port: number): Promise<unknown> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['slotkeeper.v1', `token.${token}`]);
  const reply = await new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'invoke', id: 1, name: 'status.get', args: {} })));
    ws.on('message', (data) => resolve(JSON.parse(String(data))));
  });
  ws.close();
  return reply;
}

describe('a client that never reads', () => {
  it('is dropped with 1008 once its queue passes the cap, and others are served meanwhile', async () => {
    const port = await start({ maxBufferedBytes: 256 << 10 });
    const raw = await openRawWs(port, auth, { read: false });
    const events = 400;
    const patch = { seq: 1, removedSlots: ['x'.repeat(64 << 10)] } as PatchDto;
    // 25 MiB in all: more than the loopback's socket buffers and the cap together.
    for (let i = 0; i < events; i++) api.emit('live.patch', patch);
    await vi.waitFor(() => expect(logged.some((l) => l.startsWith('websocket client dropped'))).toBe(true));
    expect(await statusOverWs(port)).toMatchObject({ ok: true, value: 'fine' });
    raw.socket.resume();
    expect(await raw.closed).toBe(CLOSE_TOO_SLOW);
    const received = raw.frames.filter((f) => f.opcode === 1).length;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(events);
  });
});

describe('commands in flight', () => {
  it('answers commands past the per-client limit at once with busy, and runs the rest', async () => {
    const port = await start({ maxInFlight: 4 });
    const raw = await openRawWs(port, auth);
    for (let id = 1; id <= 10; id++) {
      raw.socket.write(frame({ payload: JSON.stringify({ type: 'invoke', id, name: 'live.snapshot', args: {} }) }));
    }
    const results = () => raw.frames.filter((f) => f.opcode === 1).map((f) => JSON.parse(f.payload.toString()));
    await vi.waitFor(() => expect(results()).toHaveLength(6));
    expect(api.running).toBe(4);
    expect(results().map((r) => [r.id, r.error?.code])).toEqual([5, 6, 7, 8, 9, 10].map((id) => [id, 'busy']));
    api.open();
    await vi.waitFor(() => expect(results()).toHaveLength(10));
    expect(
      results()
        .slice(6)
        .map((r) => [r.id, r.ok]),
    ).toEqual([1, 2, 3, 4].map((id) => [id, true]));
    raw.socket.destroy();
  });
});

describe('heartbeat', () => {
  it('closes a peer that does not answer pings', async () => {
    const port = await start({ heartbeatMs: 50 });
    const raw = await openRawWs(port, auth);
    await raw.closed;
    expect(raw.frames.some((f) => f.opcode === 0x9)).toBe(true);
    expect(logged).toContain('websocket client closed: it did not answer a ping');
  });

  it('keeps a peer that answers them', async () => {
    const port = await start({ heartbeatMs: 20 });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['slotkeeper.v1', `token.${token}`]);
    let pings = 0;
    ws.on('ping', () => pings++);
    await vi.waitFor(() => expect(pings).toBeGreaterThanOrEqual(5));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});

describe('a large answer', () => {
  it('goes out whole even when it is bigger than the queue cap', async () => {
    const port = await start({ maxBufferedBytes: 16 << 10 });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['slotkeeper.v1', `token.${token}`]);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const received = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    api.emit('live.patch', { seq: 1, removedSlots: ['y'.repeat(200 << 10)] } as PatchDto);
    expect((await received).length).toBeGreaterThan(200 << 10);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
