// A DHT of our own nodes on loopback: bootstrap, convergence, providers, expiry, departures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { randomBytes } from 'node:crypto';
import type { CodexDht } from '../../../../src-main/network/dht/index';
import { compareDistance } from '../../../../src-main/network/dht/node-id';
import { Clock, startNetwork, stopAll } from './loopback-helpers';

const N = 12;
const hexId = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

async function manifestCid(text: string): Promise<CID> {
  return CID.create(1, 0xcd01, await sha256.digest(new TextEncoder().encode(text)));
}

describe(`a DHT of ${N} nodes on loopback`, () => {
  const clock = new Clock();
  let nodes: CodexDht[] = [];

  beforeAll(async () => {
    nodes = await startNetwork(N, { now: clock.now, providerTtlMs: 3600_000 });
  });
  afterAll(() => stopAll(nodes));

  it('every node learns most of the network from one bootstrap SPR', () => {
    for (const n of nodes) expect(n.peers().length).toBeGreaterThanOrEqual(N / 2);
  });

  it('lookups from any node converge on the truly closest nodes', async () => {
    const target = randomBytes(32);
    for (const n of [nodes[1]!, nodes[5]!, nodes[N - 1]!]) {
      const truth = nodes
        .filter((other) => other !== n)
        .map((other) => other.nodeId)
        .sort((a, b) => compareDistance(a, b, target))
        .map((id) => Buffer.from(id).toString('hex'));
      const found = (await n.closestNodes(target)).map((p) => p.nodeId);
      expect(found).toEqual(truth); // k = 16 > N: the whole network, closest first
    }
  });

  it('finds on one node the provider announced on another, with its TCP address', async () => {
    const cid = await manifestCid('a dataset');
    const told = await nodes[3]!.addProvider(cid);
    expect(told).toBeGreaterThan(0);
    const found = await nodes[9]!.findProviders(cid);
    expect(found.map((p) => p.peerId)).toEqual([nodes[3]!.peerId]);
    expect(found[0]!.addrs.map(String)).toEqual(['/ip4/127.0.0.1/tcp/9003']);
    expect(found[0]!.spr).toBe(nodes[3]!.providerSpr);
    expect(await nodes[3]!.findProviders(cid)).toEqual([]); // never ourselves
  });

  it('collects several providers of one CID and honours the limit', async () => {
    const cid = await manifestCid('a popular dataset');
    for (const i of [2, 4, 6, 8]) await nodes[i]!.addProvider(cid);
    const all = await nodes[10]!.findProviders(cid);
    expect(new Set(all.map((p) => p.peerId))).toEqual(new Set([2, 4, 6, 8].map((i) => nodes[i]!.peerId)));
    expect((await nodes[11]!.findProviders(cid, { limit: 2 })).length).toBe(2);
  });

  it('forgets provider records once they expire', async () => {
    const cid = await manifestCid('a short-lived dataset');
    await nodes[7]!.addProvider(cid);
    expect((await nodes[1]!.findProviders(cid)).length).toBe(1);
    clock.skew += 3601_000;
    expect(await nodes[1]!.findProviders(cid)).toEqual([]);
  });
});

describe('a DHT of 16 nodes whose buckets hold only 4', () => {
  let nodes: CodexDht[] = [];
  beforeAll(async () => {
    nodes = await startNetwork(16, { bucketSize: 4, replacements: 2 });
  });
  afterAll(() => stopAll(nodes));

  it('still converges on the closest nodes through iterative lookups', async () => {
    expect(Math.max(...nodes.map((n) => n.peers().length))).toBeLessThan(15); // nobody knows everyone
    for (let trial = 0; trial < 3; trial++) {
      const target = randomBytes(32);
      for (const n of [nodes[2]!, nodes[9]!, nodes[15]!]) {
        const truth = nodes
          .filter((other) => other !== n)
          .map((other) => Buffer.from(other.nodeId).toString('hex'))
          .sort((a, b) => compareDistance(hexId(a), hexId(b), target))
          .slice(0, 3);
        // With buckets of 4 a lookup is approximate, as Kademlia's is: a node only replacement lists
        // hold is seen by nobody queried (a CI run once missed the third closest). The closest must
        // be found, and most of the three closest (nobody's own table holds everyone, checked above).
        const found = (await n.closestNodes(target)).map((p) => p.nodeId).slice(0, 3);
        expect(found[0]).toBe(truth[0]);
        expect(found.filter((id) => truth.includes(id)).length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('finds a provider across nodes that do not know each other directly', async () => {
    const cid = await manifestCid('far away');
    await nodes[4]!.addProvider(cid);
    for (const n of [nodes[0]!, nodes[11]!, nodes[14]!])
      expect((await n.findProviders(cid)).map((p) => p.peerId)).toEqual([nodes[4]!.peerId]);
  });
});

describe('a node that leaves', () => {
  let nodes: CodexDht[] = [];
  beforeAll(async () => {
    // background revalidation every 100–200 ms; silence noticed after 1 s, twice in a row (a loaded
    // 2-core machine can hold a live node's answer back for several hundred ms)
    nodes = await startNetwork(6, {
      revalidateMinMs: 100,
      revalidateMaxMs: 200,
      responseTimeoutMs: 1500,
      retries: 0,
      maxFailures: 2,
    });
  });
  afterAll(() => stopAll(nodes));

  it('is dropped from every table by revalidation, and lookups stop returning it', async () => {
    const gone = nodes[3]!;
    const goneId = Buffer.from(gone.nodeId).toString('hex');
    const live = nodes.filter((n) => n !== gone);
    const knowAll = () => live.every((n) => n.peers().length === nodes.length - 1);
    for (let waited = 0; !knowAll() && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    for (const n of live) expect(n.peers().map((p) => p.nodeId)).toContain(goneId);
    await gone.stop();
    const stillKnown = () => live.filter((n) => n.peers().some((p) => p.nodeId === goneId)).length;
    for (let waited = 0; stillKnown() > 0 && waited < 20_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    expect(stillKnown()).toBe(0);
    expect((await live[0]!.closestNodes(hexId(goneId))).map((p) => p.nodeId)).not.toContain(goneId);
    for (const n of live) expect(n.peers().length).toBe(live.length - 1); // the live ones stay
  }, 60_000);
});
