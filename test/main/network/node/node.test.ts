import { generateKeyPair } from '@libp2p/crypto/keys';
import { RecordEnvelope, PeerRecord } from '@libp2p/peer-record';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkNode } from '../../../../src-main/network/node/node';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});
const start = async (extIp?: string, listenAddrs = ['/ip4/127.0.0.1/tcp/0']) => {
  const node = await NetworkNode.start({
    privateKey: await generateKeyPair('secp256k1'),
    listenAddrs,
    ...(extIp ? { extIp } : {}),
  });
  stops.push(() => node.stop());
  return node;
};

describe('the libp2p node', () => {
  it('shows its peer id, addresses and connected peers', async () => {
    const a = await start();
    const b = await start();
    await b.connect(a.peerId.toString(), a.libp2p.getMultiaddrs().map(String));
    for (let i = 0; i < 100 && a.status().connectedPeers.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const status = a.status();
    expect(status.peerId).toBe(a.peerId.toString());
    expect(status.listenAddrs).toEqual([expect.stringMatching(/^\/ip4\/127\.0\.0\.1\/tcp\/[1-9]\d*$/)]);
    expect(status.announceAddrs[0]).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/16Uiu2HA/);
    expect(status.connectedPeers).toEqual([
      expect.objectContaining({ peerId: b.peerId.toString(), direction: 'inbound', since: expect.any(Number) }),
    ]);
  });

  it('reports the addresses it is bound to, not the configured /tcp/0 or 0.0.0.0', async () => {
    const node = await start(undefined, ['/ip4/0.0.0.0/tcp/0']);
    const listen = node.status().listenAddrs;
    expect(listen).not.toContain('/ip4/0.0.0.0/tcp/0');
    const loopback = listen.find((a) => a.startsWith('/ip4/127.0.0.1/tcp/'));
    expect(loopback).toBeDefined();
    const port = Number(loopback!.split('/')[4]);
    expect(port).toBeGreaterThan(0);
    // Something really answers there.
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve();
      });
      socket.on('error', reject);
    });
    expect(listen.every((a) => a.endsWith(`/tcp/${port}`))).toBe(true);
  });

  it('keeps listing the bound address when --nat extip changes what it announces', async () => {
    const node = await start('203.0.113.7');
    expect(node.status().listenAddrs).toEqual([expect.stringMatching(/^\/ip4\/127\.0\.0\.1\/tcp\/[1-9]\d*$/)]);
  });

  it('announces --nat extip instead of the bound address, in a signed peer record', async () => {
    const node = await start('203.0.113.7');
    expect(node.status().announceAddrs[0]).toMatch(/^\/ip4\/203\.0\.113\.7\/tcp\/\d+/);
    const envelope = await RecordEnvelope.openAndCertify(await node.signedPeerRecord(), PeerRecord.DOMAIN);
    const record = PeerRecord.createFromProtobuf(envelope.payload);
    expect(record.peerId.equals(node.peerId)).toBe(true);
    expect(record.multiaddrs.map(String)[0]).toMatch(/^\/ip4\/203\.0\.113\.7\/tcp\//);
  });
});
