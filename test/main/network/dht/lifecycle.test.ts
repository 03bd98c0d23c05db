// Starting and stopping: options checked up front, nothing left running after stop.
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { type CodexDht, DhtError } from '../../../../src-main/network/dht/index';
import testnet from '../../../fixtures/network/codex-testnet-sprs.json';
import { startNode } from './loopback-helpers';

/** Timers and UDP sockets alive, once anything already closing has had a moment to finish. */
const handles = async () => {
  await new Promise((r) => setTimeout(r, 30));
  const all = process.getActiveResourcesInfo();
  return { timers: all.filter((r) => r === 'Timeout').length, sockets: all.filter((r) => r === 'UDPWrap').length };
};

const fails = async (opts: Partial<Parameters<typeof CodexDht.start>[0]>) => {
  try {
    const dht = await startNode(opts);
    await dht.stop();
    return 'started';
  } catch (e) {
    return e instanceof DhtError ? `${e.code}: ${e.message}` : `unexpected: ${String(e)}`;
  }
};

describe('starting the DHT', () => {
  it('refuses wrong options with a message naming the culprit, binding nothing', async () => {
    const before = await handles();
    expect(await fails({ bootstrap: [testnet.records[0]!.spr, 'spr:broken'] })).toMatch(
      /^bad-bootstrap: bootstrap node #2/,
    );
    expect(await fails({ privateKey: await generateKeyPair('Ed25519') })).toMatch(/^bad-option: .*secp256k1/);
    expect(await fails({ privateKey: new Uint8Array(32) })).toMatch(/^bad-option: DHT private key/);
    expect(await fails({ port: 70000 })).toMatch(/^bad-option: DHT port 70000/);
    expect(await fails({ bindHost: '::1' })).toMatch(/^bad-option: .*IPv4/);
    expect(await fails({ announceAddrs: ['not a multiaddr'] })).toMatch(/^bad-option: announce address/);
    expect(await fails({ announceIp: 'example.org' })).toMatch(/^bad-option: DHT announce address/);
    expect((await handles()).sockets).toBe(before.sockets);
  });

  it('refuses to announce without addresses, and a provider limit below 1', async () => {
    const dht = await startNode({ announceAddrs: [] });
    await expect(dht.addProvider({ bytes: new Uint8Array(36) })).rejects.toThrow(/without announce addresses/);
    await expect(dht.findProviders({ bytes: new Uint8Array(36) }, { limit: 0 })).rejects.toThrow(/positive integer/);
    expect(dht.sizes().provided).toBe(0);
    await dht.stop();
  });

  it('reports a port already taken', async () => {
    const a = await startNode();
    expect(await fails({ port: a.endpoint.port })).toMatch(/^bind-failed: cannot bind the DHT to 127\.0\.0\.1:\d+/);
    await a.stop();
  });

  it('takes a libp2p secp256k1 key object and shares its peer id', async () => {
    const key = await generateKeyPair('secp256k1');
    const { peerIdFromPrivateKey } = await import('@libp2p/peer-id');
    const dht = await startNode({ privateKey: key });
    expect(dht.peerId).toBe(peerIdFromPrivateKey(key).toString());
    await dht.stop();
  });

  it('seeds its table from Codex testnet bootstrap records', async () => {
    const dht = await startNode({ bootstrap: testnet.records.map((r) => r.spr), tuning: { refreshMs: 3600_000 } });
    expect(
      dht
        .peers()
        .map((p) => p.peerId)
        .sort(),
    ).toEqual([...new Set(testnet.records.map((r) => r.peerId))].sort());
    expect(dht.peers().find((p) => p.peerId === testnet.records[0]!.peerId)?.endpoint).toEqual({
      ip: '159.223.243.50',
      port: 30010,
    });
    await dht.stop(); // its start-up lookups toward the (unreachable) testnet are cut short
  });
});

describe('stopping the DHT', () => {
  it('clears every timer and closes its socket, even mid-lookup', async () => {
    const before = await handles();
    const a = await startNode({ tuning: { revalidateMinMs: 10, revalidateMaxMs: 20 } });
    const b = await startNode({ bootstrap: [a.spr], tuning: { revalidateMinMs: 10, revalidateMaxMs: 20 } });
    await b.refresh();
    const lookup = b.closestNodes(secp256k1.utils.randomSecretKey());
    const running = process.getActiveResourcesInfo();
    expect(running.filter((r) => r === 'UDPWrap').length).toBe(before.sockets + 2);
    expect(running.filter((r) => r === 'Timeout').length).toBeGreaterThan(before.timers + 3); // upkeep, re-announce, requests
    await Promise.all([a.stop(), b.stop()]);
    await lookup;
    await b.stop(); // twice is harmless
    const after = await handles();
    expect(after.sockets).toBe(before.sockets);
    expect(after.timers).toBeLessThanOrEqual(before.timers); // the test runner's own timer may come and go
    await expect(b.findProviders({ bytes: new Uint8Array(36) })).rejects.toThrow(/stopped/);
  });

  it('stops when its abort signal fires', async () => {
    const before = await handles();
    const controller = new AbortController();
    const dht = await startNode({ signal: controller.signal });
    controller.abort();
    const after = await handles();
    expect(after.sockets).toBe(before.sockets);
    expect(after.timers).toBeLessThanOrEqual(before.timers);
    await expect(dht.addProvider({ bytes: new Uint8Array(36) })).rejects.toThrow(DhtError);
  });

  it('gives up a provider search when the caller aborts', async () => {
    const dht = await startNode({ bootstrap: [testnet.records[1]!.spr] }); // nobody will answer
    const controller = new AbortController();
    const search = dht.findProviders({ bytes: new Uint8Array(36) }, { signal: controller.signal });
    controller.abort();
    await expect(search).rejects.toThrow(/abort/i);
    await dht.stop();
  });
});
