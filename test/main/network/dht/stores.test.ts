// The bounded stores: provider records with expiry, per-peer rate limits, pending answers, sessions.
import { describe, expect, it } from 'vitest';
import { multiaddr } from '@multiformats/multiaddr';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { randomBytes } from 'node:crypto';
import { Awaiting } from '../../../../src-main/network/dht/awaiting';
import { lookupDistances } from '../../../../src-main/network/dht/lookup';
import { idAtDistance } from '../../../../src-main/network/dht/node-id';
import { ProviderStore } from '../../../../src-main/network/dht/provider-store';
import { RateLimiter } from '../../../../src-main/network/dht/rate-limit';
import { ChallengeStore, SessionCache } from '../../../../src-main/network/dht/sessions';
import { encodeSpr } from '../../../../src-main/network/spr/record';

const record = (key = secp256k1.utils.randomSecretKey(), seq = 1n) =>
  encodeSpr(key, seq, [multiaddr('/ip4/127.0.0.1/tcp/1')]);

describe('the provider store', () => {
  it('expires records after their lifetime and refreshes them when announced again', () => {
    let now = 0;
    const s = new ProviderStore({ ttlMs: 1000, perKey: 20, total: 100 }, () => now);
    const key = randomBytes(32);
    const r = record();
    expect(s.add(key, r)).toBe('added');
    now = 900;
    expect(s.add(key, r)).toBe('refreshed');
    now = 1500;
    expect(s.get(key).map((x) => x.peerIdText)).toEqual([r.peerIdText]);
    now = 1901;
    expect(s.get(key)).toEqual([]);
    expect(s.size).toBe(0);
  });

  it('keeps the newest record of a peer and at most `perKey` peers per key, and `total` in all', () => {
    const s = new ProviderStore({ ttlMs: 1000, perKey: 2, total: 3 }, () => 0);
    const key = randomBytes(32);
    const k = secp256k1.utils.randomSecretKey();
    s.add(key, record(k, 1n));
    expect(s.add(key, record(k, 5n))).toBe('updated');
    expect(s.add(key, record(k, 2n))).toBe('refreshed');
    expect(s.get(key)[0]?.seq).toBe(5n);
    s.add(key, record());
    s.add(key, record());
    expect(s.get(key).length).toBe(2);
    for (let i = 0; i < 5; i++) s.add(randomBytes(32), record());
    expect(s.size).toBe(3);
  });
});

describe('the rate limiter', () => {
  it('lets a burst through, then the steady rate, per peer, and forgets idle peers beyond its bound', () => {
    let now = 0;
    const r = new RateLimiter({ perSecond: 10, burst: 5, maxPeers: 2 }, () => now);
    const a = Array.from({ length: 8 }, () => r.allow('a')).filter(Boolean).length;
    expect(a).toBe(5);
    expect(r.allow('b')).toBe(true); // another peer is unaffected
    now = 100;
    expect([r.allow('a'), r.allow('a')]).toEqual([true, false]); // 100 ms at 10/s: one token
    r.allow('c');
    expect(r.size).toBe(2);
  });
});

describe('pending answers', () => {
  it('collects a multi-part nodes answer, times out, and refuses beyond its bound or after close', async () => {
    const w = new Awaiting(2);
    const id = randomBytes(32);
    const req = randomBytes(8);
    const answer = w.wait(id, req, 1000)!;
    expect(w.deliver(id, req, { kind: 'nodes', total: 2, sprs: [] })).toBe(true);
    expect(w.deliver(id, req, { kind: 'nodes', total: 2, sprs: [] })).toBe(true);
    expect((await answer).length).toBe(2);
    expect(w.deliver(id, req, { kind: 'nodes', total: 2, sprs: [] })).toBe(false); // late: nobody waits
    expect(await w.wait(id, randomBytes(8), 20)).toEqual([]);
    w.wait(id, randomBytes(8), 5000);
    w.wait(id, randomBytes(8), 5000);
    expect(w.wait(id, randomBytes(8), 5000)).toBeUndefined();
    w.close();
    expect(w.size).toBe(0);
    expect(w.wait(id, randomBytes(8), 5000)).toBeUndefined();
  });
});

describe('sessions and challenges', () => {
  const at = { ip: '127.0.0.1', port: 1 };
  it('keep the previous read key after a new handshake, and the newest sessions only', () => {
    const s = new SessionCache(2);
    const id = randomBytes(32);
    const [k1, k2] = [randomBytes(16), randomBytes(16)];
    s.store(id, at, k1, randomBytes(16));
    s.store(id, at, k2, randomBytes(16));
    expect(s.readKeys(id, at)).toEqual([k2, k1]);
    s.store(randomBytes(32), at, k1, k1);
    s.store(randomBytes(32), at, k1, k1);
    expect(s.size).toBe(2);
    expect(s.readKeys(id, at)).toEqual([]);
  });

  it('expire challenges and hold at most their bound', () => {
    let now = 0;
    const c = new ChallengeStore(3, () => now);
    const id = randomBytes(32);
    c.put(id, at, { challengeData: new Uint8Array(1), publicKey: undefined, expiresAt: 10 });
    expect(c.get(id, at)).toBeDefined();
    now = 10;
    expect(c.get(id, at)).toBeUndefined();
    for (let i = 0; i < 10; i++)
      c.put(randomBytes(32), at, { challengeData: new Uint8Array(1), publicKey: undefined, expiresAt: 100 });
    expect(c.size).toBe(3);
  });
});

describe('lookup distances', () => {
  it('ask for d, then d+1 and d−1, staying within 1..255 as Codex does', () => {
    const a = new Uint8Array(32);
    expect(lookupDistances(a, idAtDistance(a, 200))).toEqual([200, 201, 199]);
    expect(lookupDistances(a, idAtDistance(a, 256))).toEqual([256, 255, 254]);
    expect(lookupDistances(a, idAtDistance(a, 255))).toEqual([255, 254, 253]);
    expect(lookupDistances(a, idAtDistance(a, 1))).toEqual([1, 2, 3]);
  });
});
