// The routing table: buckets by log distance, replacements, failures, and what it vouches for.
import { describe, expect, it } from 'vitest';
import { multiaddr } from '@multiformats/multiaddr';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { idAtDistance, logDistance, compareDistance } from '../../../../src-main/network/dht/node-id';
import { nodeFromRecord, plausibleAddress, type DhtNode } from '../../../../src-main/network/dht/node';
import { RoutingTable } from '../../../../src-main/network/dht/routing-table';
import { encodeSpr } from '../../../../src-main/network/spr/record';

const local = new Uint8Array(32);
const limits = { bucketSize: 2, replacements: 1, maxFailures: 3 };
const node = (seq = 1n, udp = true): DhtNode =>
  nodeFromRecord(
    encodeSpr(secp256k1.utils.randomSecretKey(), seq, [
      multiaddr(udp ? '/ip4/127.0.0.1/udp/1' : '/ip4/127.0.0.1/tcp/1'),
    ]),
  );
/** A node whose id is at log distance 256 from the all-zero local id (top bit set): same bucket. */
const farNode = (): DhtNode => {
  for (;;) {
    const n = node();
    if (logDistance(local, n.id) === 256) return n;
  }
};

describe('node ids', () => {
  it('measure log distance as Codex does (256 − leading zero bits)', () => {
    const a = new Uint8Array(32);
    expect(logDistance(a, a)).toBe(0);
    expect(logDistance(a, idAtDistance(a, 1))).toBe(1);
    expect(logDistance(a, idAtDistance(a, 256))).toBe(256);
    expect(logDistance(a, idAtDistance(a, 137))).toBe(137);
    expect(compareDistance(idAtDistance(a, 3), idAtDistance(a, 5), a)).toBeLessThan(0);
  });
});

describe('the routing table', () => {
  it('fills a bucket, then the replacement cache, and ignores us and unaddressable nodes', () => {
    const t = new RoutingTable(local, limits);
    const [a, b, c, d] = [farNode(), farNode(), farNode(), farNode()];
    expect([t.add(a), t.add(b), t.add(c), t.add(d)]).toEqual(['added', 'added', 'replacement', 'replacement']);
    expect(t.size).toBe(2);
    expect(t.add(node(1n, false))).toBe('no-address');
    expect(new RoutingTable(a.id, limits).add(a)).toBe('local');
  });

  it('takes a newer record of a node it knows, never an older one', () => {
    const t = new RoutingTable(local, limits);
    const key = secp256k1.utils.randomSecretKey();
    const v1 = nodeFromRecord(encodeSpr(key, 1n, [multiaddr('/ip4/127.0.0.1/udp/1')]));
    const v2 = nodeFromRecord(encodeSpr(key, 2n, [multiaddr('/ip4/127.0.0.1/udp/2')]));
    t.add(v2);
    expect(t.add(v1)).toBe('existing');
    expect(t.get(v1.id)?.endpoint?.port).toBe(2);
  });

  it('replaces a failing node from the cache at once, and drops a lone one after repeated silence', () => {
    const t = new RoutingTable(local, limits);
    const [a, b, c] = [farNode(), farNode(), farNode()];
    t.add(a);
    t.add(b);
    t.add(c); // waits as a replacement
    t.failed(a.id);
    expect(t.get(a.id)).toBeUndefined();
    expect(t.get(c.id)).toBeDefined();
    t.failed(b.id);
    t.failed(b.id);
    expect(t.get(b.id)).toBeDefined(); // no replacement left: two timeouts are not enough
    t.failed(b.id);
    expect(t.get(b.id)).toBeUndefined();
  });

  it('drops a node that answered wrongly at once, but never a bootstrap node', () => {
    const t = new RoutingTable(local, limits);
    const [a, boot] = [farNode(), farNode()];
    t.add(a);
    t.add(boot);
    t.protect(boot.id);
    t.failed(a.id, true);
    for (let i = 0; i < 5; i++) t.failed(boot.id, true);
    expect([t.get(a.id), t.get(boot.id)?.key]).toEqual([undefined, boot.key]);
  });

  it('vouches to others only for nodes that answered and have not failed since', () => {
    const t = new RoutingTable(local, limits);
    const a = farNode();
    t.add(a);
    expect(t.atDistances([256], 16)).toEqual([]);
    t.answered(a.id);
    expect(t.atDistances([256], 16).map((n) => n.key)).toEqual([a.key]);
    expect(t.atDistances([255], 16)).toEqual([]);
    t.failed(a.id);
    expect(t.atDistances([256], 16)).toEqual([]);
    expect(t.neighbours(a.id, 16).map((n) => n.key)).toEqual([a.key]); // still used for our own lookups
  });

  it('moves a node that answered to the head, so revalidation pings the stalest', () => {
    const t = new RoutingTable(local, limits);
    const [a, b] = [farNode(), farNode()];
    t.add(a);
    t.add(b);
    expect(t.nodeToRevalidate(() => 0)?.key).toBe(b.key);
    t.answered(b.id);
    expect(t.nodeToRevalidate(() => 0)?.key).toBe(a.key);
  });
});

describe('addresses learnt from peers', () => {
  it.each([
    ['8.8.8.8', '1.2.3.4', true],
    ['8.8.8.8', '0.0.0.0', false],
    ['8.8.8.8', '239.1.1.1', false],
    ['8.8.8.8', '127.0.0.1', false],
    ['127.0.0.1', '127.0.0.1', true],
    ['8.8.8.8', '192.168.1.5', false],
    ['10.0.0.1', '192.168.1.5', true],
    ['8.8.8.8', 'not-an-ip', false],
  ])('from %s, %s is plausible: %s', (sender, address, ok) => {
    expect(plausibleAddress(sender, address)).toBe(ok);
  });
});
