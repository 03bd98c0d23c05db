// Bad peers on real UDP: whatever they send, the node drops it, stays up, keeps answering honest
// peers, and holds no more state than its bounds allow.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { multiaddr } from '@multiformats/multiaddr';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { CodexDht } from '../../../../src-main/network/dht/index';
import { encodeMessage } from '../../../../src-main/network/dht/messages';
import { keyForCid, logDistance, nodeIdFromPeerId } from '../../../../src-main/network/dht/node-id';
import { MAX_PACKET_SIZE, MIN_PACKET_SIZE } from '../../../../src-main/network/dht/packet';
import { encodeSpr, parseSpr } from '../../../../src-main/network/spr/record';
import { startNode } from './loopback-helpers';
import { RawPeer, targetOf } from './raw-peer';

const settle = () => new Promise((r) => setTimeout(r, 150));
const ping = { kind: 'ping', sprSeq: 1n } as const;

describe('a DHT node facing bad peers', () => {
  let victim: CodexDht;
  const peers: RawPeer[] = [];
  const raw = async (opts?: Parameters<typeof RawPeer.open>[0]) => {
    const p = await RawPeer.open(opts);
    peers.push(p);
    return p;
  };

  beforeAll(async () => {
    victim = await startNode({
      tuning: {
        pendingPackets: 8,
        sessions: 4,
        providersPerKey: 2,
        providersTotal: 3,
        rate: { perSecond: 20, burst: 40, maxPeers: 64 },
        verifyRate: { perSecond: 5, burst: 10, maxPeers: 64 },
      },
    });
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.close()));
  });
  afterAll(() => victim.stop());

  /** The proof that nothing stalled: a fresh honest peer still gets a pong. */
  const stillAnswers = async () => (await (await raw()).request(targetOf(victim), ping))?.kind;

  it('drops truncated, oversized and garbage packets without stalling', async () => {
    const sock = createSocket('udp4');
    const to = victim.endpoint.port;
    const before = victim.stats().dropped['malformed-packet'] ?? 0;
    const junk = [
      new Uint8Array(0),
      randomBytes(1),
      randomBytes(MIN_PACKET_SIZE - 1),
      randomBytes(MAX_PACKET_SIZE + 1),
      randomBytes(63),
      randomBytes(200),
      randomBytes(1280),
    ];
    for (const j of junk) sock.send(j, to, '127.0.0.1');
    await settle();
    sock.close();
    expect((victim.stats().dropped['malformed-packet'] ?? 0) - before).toBeGreaterThanOrEqual(junk.length - 1); // an empty datagram may not even arrive
    expect(await stillAnswers()).toBe('pong');
  });

  it('answers a replayed packet only once, and drops a replayed handshake', async () => {
    const attacker = await raw();
    const target = targetOf(victim);
    expect((await attacker.request(target, ping))?.kind).toBe('pong'); // random → WHOAREYOU → handshake → pong
    const handshake = attacker.sent.at(-1)!;
    const message = attacker.tell(target, encodeMessage(randomBytes(8), ping));
    await settle();
    const pongs = () => attacker.received.filter((m) => m.kind === 'pong').length;
    expect(pongs()).toBe(2);
    const replays = victim.stats().dropped['replay'] ?? 0;
    attacker.sendRaw(message, target.endpoint);
    attacker.sendRaw(handshake, target.endpoint);
    await settle();
    expect(pongs()).toBe(2);
    expect((victim.stats().dropped['replay'] ?? 0) - replays).toBe(1);
  });

  it('refuses a handshake signed by the wrong key, with or without an SPR', async () => {
    const honest = await raw();
    expect((await honest.request(targetOf(victim), { kind: 'findNode', distances: [0] }))?.kind).toBe('nodes');
    // the victim now knows `honest`; a forger claims its node id but holds another key
    const before = victim.stats().dropped['bad-signature'] ?? 0;
    const forger = await raw({ claimId: honest.nodeId, seq: 0n });
    expect(await forger.request(targetOf(victim), ping, 500)).toBeUndefined();
    expect((victim.stats().dropped['bad-signature'] ?? 0) - before).toBe(1);
    const forgerWithSpr = await raw({ claimId: honest.nodeId, seq: 99n }); // sends its own SPR, which is not the claimed node's
    const badHandshakes = victim.stats().dropped['bad-handshake'] ?? 0;
    expect(await forgerWithSpr.request(targetOf(victim), ping, 500)).toBeUndefined();
    expect((victim.stats().dropped['bad-handshake'] ?? 0) - badHandshakes).toBe(1);
    expect(await stillAnswers()).toBe('pong');
  });

  it('drops undecodable messages inside a valid session', async () => {
    const peer = await raw();
    const target = targetOf(victim);
    await peer.request(target, ping);
    const before = victim.stats().dropped['malformed-message'] ?? 0;
    peer.tell(target, Uint8Array.of(0x01, 0xff, 0xff)); // ping kind, broken protobuf
    peer.tell(target, Uint8Array.of(0x7e, 0x0a, 0x01, 0x01, 0x12, 0x00)); // unknown kind
    peer.tell(target, encodeMessage(randomBytes(8), { kind: 'findNode', distances: [] })); // nim requires distances
    await settle();
    expect((victim.stats().dropped['malformed-message'] ?? 0) - before).toBe(3);
    expect((await peer.request(target, ping))?.kind).toBe('pong');
  });

  it('rate-limits a flooding peer while others are served', async () => {
    const flooder = createSocket('udp4');
    await new Promise<void>((r) => flooder.bind(0, '127.0.0.1', r));
    const limited = () => victim.stats().dropped['rate-limited'] ?? 0;
    const [received0, limited0, t0] = [victim.stats().received, limited(), Date.now()];
    for (let i = 0; i < 300; i++) flooder.send(randomBytes(100), victim.endpoint.port, '127.0.0.1');
    for (let last = -1; victim.stats().received !== last;) {
      last = victim.stats().received;
      await settle(); // until the flood has been read (the kernel may drop part of it first)
    }
    flooder.close();
    const arrived = victim.stats().received - received0;
    const allowance = 40 + Math.ceil(((Date.now() - t0) / 1000) * 20) + 1; // burst + 20/s refill
    expect(arrived).toBeGreaterThan(allowance);
    expect(limited() - limited0).toBeGreaterThanOrEqual(arrived - allowance);
    expect(await stillAnswers()).toBe('pong');
  });

  it('keeps challenges, sessions and provider records within their bounds', async () => {
    // random "message" packets from 12 made-up node ids: each costs the victim a challenge
    for (let i = 0; i < 12; i++) (await raw({ claimId: randomBytes(32) })).tell(targetOf(victim), new Uint8Array(8));
    await settle();
    expect(victim.sizes().challenges).toBe(8);
    // 6 peers with real sessions, each announcing itself: 3 under other keys, then 3 under one key
    const key = keyForCid(randomBytes(36));
    for (let i = 0; i < 6; i++) {
      const p = await raw();
      await p.request(targetOf(victim), ping);
      const under = i < 3 ? randomBytes(32) : key;
      p.tell(
        targetOf(victim),
        encodeMessage(randomBytes(8), { kind: 'addProvider', key: under, provider: p.record.bytes }),
      );
      await settle();
    }
    expect(victim.sizes().sessions).toBe(4);
    expect(victim.sizes().providers).toBe(3);
    const answer = await (await raw()).request(targetOf(victim), { kind: 'getProviders', key });
    expect(answer?.kind === 'providers' && answer.sprs.length).toBe(2);
  });

  it('limits how many signatures one peer can make it check', async () => {
    const peer = await raw();
    const target = targetOf(victim);
    await peer.request(target, ping); // one handshake: one check
    const records = Array.from({ length: 25 }, () =>
      encodeSpr(secp256k1.utils.randomSecretKey(), 1n, [multiaddr('/ip4/127.0.0.1/tcp/1')]),
    );
    const over = () => victim.stats().dropped['over-budget'] ?? 0;
    const [over0, t0] = [over(), Date.now()];
    for (const r of records)
      peer.tell(
        target,
        encodeMessage(randomBytes(8), { kind: 'addProvider', key: randomBytes(32), provider: r.bytes }),
      );
    expect((await peer.request(target, ping))?.kind).toBe('pong'); // processed in order: all 25 are in
    const allowance = 10 - 1 + Math.ceil(((Date.now() - t0) / 1000) * 5) + 1; // burst, minus the handshake, + refill
    expect(over() - over0).toBeGreaterThanOrEqual(25 - allowance);
    expect(over() - over0).toBeGreaterThan(0);
  });

  it('stores only provider records whose signature holds', async () => {
    const peer = await raw();
    const target = targetOf(victim);
    await peer.request(target, ping);
    const key = keyForCid(randomBytes(36));
    const forged = peer.record.bytes.slice();
    forged[forged.length - 5] = (forged[forged.length - 5] ?? 0) ^ 1;
    peer.tell(target, encodeMessage(randomBytes(8), { kind: 'addProvider', key, provider: forged }));
    peer.tell(target, encodeMessage(randomBytes(8), { kind: 'addProvider', key, provider: randomBytes(150) }));
    await settle();
    const answer = await peer.request(target, { kind: 'getProviders', key });
    expect(answer).toMatchObject({ kind: 'providers', total: 1, sprs: [] });
  });
});

describe('a DHT node asking bad peers', () => {
  let node: CodexDht;
  let liar: RawPeer;
  beforeAll(async () => {
    node = await startNode({ tuning: { responseTimeoutMs: 400, retries: 0 } });
    liar = await RawPeer.open();
    // the liar introduces itself with a handshake whose SPR names its real address: it enters the table
    await liar.request(targetOf(node), ping);
  });
  afterAll(async () => {
    await liar.close();
    await node.stop();
  });

  it('keeps only plausible, verified nodes at the distances it asked for', async () => {
    // a target at distance 256 from the liar makes the lookup ask it for distances 256, 255, 254
    const target = liar.nodeId.slice();
    target[0] = (target[0] ?? 0) ^ 0x80;
    const at = (d: (x: number) => boolean) => {
      for (;;) {
        const r = encodeSpr(secp256k1.utils.randomSecretKey(), 1n, [multiaddr('/ip4/127.0.0.1/udp/40001')]);
        if (d(logDistance(nodeIdFromPeerId(r.peerId), liar.nodeId))) return r;
      }
    };
    const asked = at((x) => x === 256);
    const notAsked = at((x) => x <= 253);
    const unroutable = encodeSpr(secp256k1.utils.randomSecretKey(), 1n, [multiaddr('/ip4/0.0.0.0/udp/40002')]);
    const multicast = encodeSpr(secp256k1.utils.randomSecretKey(), 1n, [multiaddr('/ip4/224.0.0.1/udp/40003')]);
    const tampered = at((x) => x === 256).bytes.slice();
    tampered[tampered.length - 4] = (tampered[tampered.length - 4] ?? 0) ^ 1;
    let askedFor: number[] = [];
    liar.onRequest = (m) => {
      if (m.kind === 'findNode') askedFor = m.distances;
      return m.kind === 'findNode'
        ? [
            {
              kind: 'nodes',
              total: 1,
              sprs: [asked.bytes, notAsked.bytes, unroutable.bytes, multicast.bytes, tampered, randomBytes(90)],
            },
          ]
        : [];
    };
    await node.closestNodes(target);
    expect(askedFor).toEqual([256, 255, 254]);
    const known = node.peers().map((p) => p.peerId);
    expect(known).toContain(asked.peerIdText);
    expect(known).not.toContain(notAsked.peerIdText);
    expect(known.filter((k) => k !== liar.record.peerIdText && k !== asked.peerIdText)).toEqual([]);
  });

  it('returns from a lookup when a peer never answers, without that peer', async () => {
    let asked = 0;
    liar.onRequest = () => {
      asked++;
      return [];
    };
    expect(node.peers().map((p) => p.peerId)).toContain(liar.record.peerIdText);
    const found = await node.closestNodes(randomBytes(32));
    expect(asked).toBeGreaterThan(0);
    expect(found.map((p) => p.peerId)).not.toContain(liar.record.peerIdText);
  });

  it('ignores forged records in a providers answer and keeps the genuine ones', async () => {
    const cid = randomBytes(36);
    const provider = encodeSpr(secp256k1.utils.randomSecretKey(), 5n, [multiaddr('/ip4/127.0.0.1/tcp/8070')]);
    const forged = provider.bytes.slice();
    forged[20] = (forged[20] ?? 0) ^ 1;
    await liar.request(targetOf(node), ping); // back in the table after the silent test
    liar.onRequest = (m) =>
      m.kind === 'findNode'
        ? [{ kind: 'nodes', total: 1, sprs: [] }]
        : m.kind === 'getProviders'
          ? [{ kind: 'providers', total: 1, sprs: [forged, provider.bytes, randomBytes(40)] }]
          : [];
    const found = await node.findProviders({ bytes: cid });
    expect(found.map((p) => p.peerId)).toEqual([provider.peerIdText]);
    expect(found[0]!.addrs.map(String)).toEqual(['/ip4/127.0.0.1/tcp/8070']);
    expect(parseSpr(found[0]!.spr).seq).toBe(5n);
  });
});
