// The api over a real WebSocket bridge to a real engine: what the dashboard in a browser receives.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEngineHost, type EngineHost } from '../../../src-main/compose/engine-host';
import { startHeadlessServer, type HeadlessServer } from '../../../src-main/headless/server';

const token = 'bridge-token-abcdefghijkl';
let engine: EngineHost;
let server: HeadlessServer;

beforeEach(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sk-bridge-'));
  const rendererDir = mkdtempSync(join(tmpdir(), 'sk-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Slotkeeper</title>');
  engine = await startEngineHost({
    host: 'headless',
    version: 't',
    dataDir,
    quota: 10_000_000n,
    market: { kind: 'sim', rate: 0, competitors: 0 },
  });
  server = await startHeadlessServer({ api: engine.api, token, host: '127.0.0.1', port: 0, rendererDir });
});

afterEach(async () => {
  await server.close();
  await engine.stop();
});

/** Sends one invoke frame over a fresh authenticated socket and resolves with its result frame. */
async function invoke(name: string, args: unknown): Promise<unknown> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, ['slotkeeper.v1', `token.${token}`]);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = new Promise<unknown>((resolve) =>
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string };
      if (frame.type === 'result') resolve(frame);
    }),
  );
  ws.send(JSON.stringify({ type: 'invoke', id: 1, name, args }));
  const result = await reply;
  ws.close();
  return result;
}

const offer = (totalSize: string) => ({
  totalSize,
  duration: 3600,
  minPricePerBytePerSecond: '1',
  totalCollateral: '1000',
});

describe('the WebSocket bridge over the engine', () => {
  it('answers an offer above the quota with quota-exceeded and the engine’s message, saving nothing', async () => {
    expect(await invoke('availability.create', offer('20000000'))).toEqual({
      type: 'result',
      id: 1,
      ok: false,
      error: { code: 'quota-exceeded', message: 'Not enough storage quota' },
    });
    expect(engine.codex.listAvailabilities()).toEqual([]);
  });

  it('answers a change to an availability it does not have with not-found', async () => {
    const reply = await invoke('availability.update', { id: '0x' + '7'.repeat(64), enabled: false });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-found', message: 'Availability not found' } });
  });

  it('saves an offer within the quota', async () => {
    expect(await invoke('availability.create', offer('5000000'))).toMatchObject({
      ok: true,
      value: { totalSize: '5000000', freeSize: '5000000' },
    });
  });
});
