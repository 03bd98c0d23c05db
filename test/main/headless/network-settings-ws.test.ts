// Settings → Network over a real WebSocket bridge to a real engine host: what the dashboard in a
// browser saves, what it is told when a field is wrong, and what lands in the data folder.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEngineHost, type EngineHost } from '../../../src-main/compose/engine-host';
import { startHeadlessServer, type HeadlessServer } from '../../../src-main/headless/server';
import { savedNetworkSettings } from '../../../src-main/storage/settings-file';

const token = 'network-token-abcdefghijkl';
const PEER = '/ip4/10.0.0.5/tcp/8070/p2p/16Uiu2HAkwk68LSyCYa3HbmfkBLGRDLdQzB5nisydM5LR318iUUtA';
let dataDir: string;
let engine: EngineHost;
let server: HeadlessServer;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sk-netws-'));
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

async function invoke(
  args: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, ['slotkeeper.v1', `token.${token}`]);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = new Promise<{ ok: boolean }>((resolve) =>
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; ok: boolean };
      if (frame.type === 'result') resolve(frame);
    }),
  );
  ws.send(JSON.stringify({ type: 'invoke', id: 1, name: 'settings.update', args }));
  const result = await reply;
  ws.close();
  return result;
}

const fileText = () => readFileSync(join(dataDir, 'settings.json'), 'utf8');

describe('Settings → Network over the WebSocket', () => {
  it('saves the options trimmed, for the next start to read, and forgets them', async () => {
    const saved = await invoke({
      network: { listenAddrs: [' /ip4/0.0.0.0/tcp/8071 '], peers: [PEER], discPort: 8091 },
    });
    const network = { listenAddrs: ['/ip4/0.0.0.0/tcp/8071'], peers: [PEER], discPort: 8091 };
    expect(saved).toMatchObject({ ok: true, value: { network } });
    expect(savedNetworkSettings(dataDir)).toEqual(network);
    expect(await invoke({ network: null })).toMatchObject({ ok: true });
    expect(savedNetworkSettings(dataDir)).toBeUndefined();
  });

  it('refuses wrong fields with a message for each and changes nothing', async () => {
    await invoke({ network: { discPort: 8091 } });
    const before = fileText();
    const refused = await invoke({
      network: { listenAddrs: ['/ip4/0.0.0.0/udp/8070'], peers: ['/ip4/10.0.0.5/tcp/8070'], extIp: 'my.host' },
    });
    expect(refused.ok).toBe(false);
    expect(refused.error!.code).toBe('invalid-argument');
    expect(refused.error!.message).toContain('network.listenAddrs: /ip4/0.0.0.0/udp/8070 is not a TCP multiaddr');
    expect(refused.error!.message).toContain('network.peers: /ip4/10.0.0.5/tcp/8070 must end in /p2p/<peer id>');
    expect(refused.error!.message).toContain('network.extIp: The external IP must be an IPv4 or IPv6 address');
    expect(fileText()).toBe(before);
  });
});
