import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSlotServing } from '../../../src-main/compose/slot-serving';
import type { CodexDht } from '../../../src-main/network/dht/index';
import { slotIdOf } from '../../../src-main/market/index';
import { startHostNetwork } from '../../../src-main/network/host';
import { hex } from '../../../src-main/network/ids/cid';
import { parseNetworkArgs } from '../../../src-main/network/node/options';
import { startProvider } from '../../../src-main/network/provider/provider';
import { silentLogger } from '../../../src-main/engine/index';
import { openStorage } from '../../../src-main/storage/open-storage';
import { startNode } from '../network/dht/loopback-helpers';
import { collectingSink, fastTimings, range, startTestHost, testDataset } from '../network/helpers/network';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const KEY = '0x' + '22'.repeat(32);
const signal = () => AbortSignal.timeout(15_000);

/** Records what the serving announces and withdraws, and passes it on to a real DHT node. */
function announcerOn(dht: CodexDht) {
  const announced: string[] = [];
  const withdrawn: string[] = [];
  return {
    announced,
    withdrawn,
    announcer: {
      announce: async (cid: Uint8Array) => {
        announced.push(hex(cid));
        await dht.addProvider({ bytes: cid });
      },
      withdraw: (cid: Uint8Array) => {
        withdrawn.push(hex(cid));
        dht.removeProvider({ bytes: cid });
      },
    },
  };
}

async function startA(dataDir: string, peers: string[], dht: CodexDht) {
  const storage = openStorage({ dataDir });
  const serving = await openSlotServing(storage.repo, silentLogger);
  const parsed = parseNetworkArgs(['--listen-addrs', '/ip4/127.0.0.1/tcp/0', ...peers.flatMap((p) => ['--peer', p])]);
  if (!parsed.ok) throw new Error(parsed.message);
  const net = await startHostNetwork({
    dataDir,
    options: parsed.options,
    timings: fastTimings,
    serve: serving.serve,
    source: serving.source,
  });
  const { announcer, announced, withdrawn } = announcerOn(dht);
  await serving.start(announcer);
  return {
    storage,
    serving,
    net,
    announced,
    withdrawn,
    peer: { peerId: net.node.peerId.toString(), multiaddr: net.status().announceAddrs[0]! },
    async stop() {
      await net.stop();
      await serving.close();
      storage.close();
    },
  };
}

describe('serving stored slots from the repo', () => {
  it('a host that stored a slot serves and announces it to other hosts after the provider left and after a kill and restart, until the slot is freed', async () => {
    const data = testDataset(6, 2, 1); // steps 3: slot 1 holds dataset blocks 3, 4, 5
    const wanted = data.slot(1);
    const dataDir = mkdtempSync(join(tmpdir(), 'slotkeeper-serve-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const provider = await startProvider({ store: data.store });
    const dht = await startNode({ tcpPort: 9201 });
    cleanups.push(() => dht.stop());
    let a = await startA(dataDir, [provider.multiaddrs[0]!], dht);
    const dataset = await a.net.dataSource.dataset(wanted, signal());
    await a.storage.repo.writeSlotData(KEY, 0, new Uint8Array(0));
    await a.storage.repo.tagSlotData(KEY, slotIdOf(wanted.requestId, wanted.slotIndex));
    const repo = a.storage.repo;
    await dataset.fetchBlocks(
      range(dataset.blockCount),
      { put: (i, b) => repo.writeSlotData(KEY, i * 65_536, b) },
      signal(),
    );
    expect(a.announced.sort()).toEqual([hex(data.manifest.cid), hex(data.ds.treeCid)].sort());
    await provider.stop();

    const fetchFromA = async () => {
      const b = await startTestHost([a.peer]);
      try {
        const fromA = await b.source.dataset(wanted, signal());
        const sink = collectingSink();
        await fromA.fetchBlocks(range(fromA.blockCount), sink, signal());
        return sink.blocks;
      } finally {
        await b.stop();
      }
    };
    // B's data source checks every delivered block against the manifest's tree before its sink sees it.
    const first = await fetchFromA();
    for (const i of range(3)) expect(hex(first.get(i)!)).toBe(hex(data.blocks(1)[i]!));

    // Stopped as a kill leaves it: the network goes, but the serve store is neither flushed nor closed.
    await a.net.stop();
    const killed = a.storage;
    cleanups.push(() => killed.close());
    a = await startA(dataDir, [], dht);
    cleanups.push(() => a.stop());
    expect(a.announced.sort()).toEqual([hex(data.manifest.cid), hex(data.ds.treeCid)].sort());
    const again = await fetchFromA();
    expect([...again.keys()].sort()).toEqual([0, 1, 2]);
    for (const i of range(3)) expect(hex(again.get(i)!)).toBe(hex(data.blocks(1)[i]!));

    // Other nodes find A as the provider of both CIDs through A's DHT node...
    const asker = await startNode({ bootstrap: [dht.spr] });
    cleanups.push(() => asker.stop());
    for (const cid of [data.manifest.cid, data.ds.treeCid])
      expect((await asker.findProviders({ bytes: cid })).map((p) => p.peerId)).toEqual([dht.peerId]);
    a.serving.sweep();
    expect(a.withdrawn).toEqual([]); // nothing freed yet

    await a.storage.repo.deleteSlotData(KEY);
    expect(await a.serving.serve.hasLeaf(data.ds.treeCid, 3)).toBe(false);
    expect(a.serving.serve.hasBlock(data.manifest.cid)).toBe(false);
    // ...until the slot is freed: the sweep withdraws the dataset once, and A stops naming itself.
    a.serving.sweep();
    a.serving.sweep();
    expect(a.withdrawn.sort()).toEqual([hex(data.manifest.cid), hex(data.ds.treeCid)].sort());
    for (const cid of [data.manifest.cid, data.ds.treeCid])
      expect(await asker.findProviders({ bytes: cid })).toEqual([]);
    const b = await startTestHost([a.peer], { timings: { giveUpMs: 1_500 } });
    cleanups.push(() => b.stop());
    await expect(b.source.dataset(wanted, signal())).rejects.toThrow();
  }, 40_000);

  it('a slot freed and stored again under a new key is announced and served again', async () => {
    const data = testDataset(6, 2, 1);
    const wanted = data.slot(1);
    const slotId = slotIdOf(wanted.requestId, wanted.slotIndex);
    const dataDir = mkdtempSync(join(tmpdir(), 'slotkeeper-serve-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const provider = await startProvider({ store: data.store });
    cleanups.push(() => provider.stop());
    const dht = await startNode({ tcpPort: 9202 });
    cleanups.push(() => dht.stop());
    const a = await startA(dataDir, [provider.multiaddrs[0]!], dht);
    cleanups.push(() => a.stop());
    const repo = a.storage.repo;
    const store = async (key: string) => {
      const dataset = await a.net.dataSource.dataset(wanted, signal());
      await repo.writeSlotData(key, 0, new Uint8Array(0));
      await repo.tagSlotData(key, slotId);
      await dataset.fetchBlocks(
        range(dataset.blockCount),
        { put: (i, b) => repo.writeSlotData(key, i * 65_536, b) },
        signal(),
      );
    };
    await store(KEY);
    await repo.deleteSlotData(KEY);
    a.serving.sweep();
    expect(a.withdrawn).toHaveLength(2);

    const next = '0x' + '33'.repeat(32); // a new sale of the same slot: a new reservation, a new key
    await store(next);
    expect(a.announced).toHaveLength(4);
    await provider.stop();
    const b = await startTestHost([a.peer]);
    cleanups.push(() => b.stop());
    const fromA = await b.source.dataset(wanted, signal());
    const sink = collectingSink();
    await fromA.fetchBlocks(range(fromA.blockCount), sink, signal());
    for (const i of range(3)) expect(hex(sink.blocks.get(i)!)).toBe(hex(data.blocks(1)[i]!));
  }, 40_000);

  it('a host that stored two slots of one dataset serves both, keeps serving one once the other is freed, and withdraws the dataset only once both are', async () => {
    const data = testDataset(6, 2, 1); // steps 3: slot 1 holds dataset blocks 3, 4, 5; slot 2 holds 6, 7, 8
    const dataDir = mkdtempSync(join(tmpdir(), 'slotkeeper-serve-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const provider = await startProvider({ store: data.store });
    const dht = await startNode({ tcpPort: 9203 });
    cleanups.push(() => dht.stop());
    const a = await startA(dataDir, [provider.multiaddrs[0]!], dht);
    cleanups.push(() => a.stop());
    const repo = a.storage.repo;
    const keys = new Map([
      [1, '0x' + '44'.repeat(32)],
      [2, '0x' + '55'.repeat(32)],
    ]);
    // As Codex lets one host do: it fills slots 1 and 2 of the same request, slot 2 stored last.
    for (const [slotIndex, key] of keys) {
      const wanted = data.slot(slotIndex);
      const dataset = await a.net.dataSource.dataset(wanted, signal());
      await repo.writeSlotData(key, 0, new Uint8Array(0));
      await repo.tagSlotData(key, slotIdOf(wanted.requestId, wanted.slotIndex));
      await dataset.fetchBlocks(
        range(dataset.blockCount),
        { put: (i, b) => repo.writeSlotData(key, i * 65_536, b) },
        signal(),
      );
    }
    await provider.stop();
    expect(a.announced.sort()).toEqual([hex(data.manifest.cid), hex(data.ds.treeCid)].sort()); // once for both

    const b = await startTestHost([a.peer]);
    cleanups.push(() => b.stop());
    // B's data source checks every delivered block against the manifest's tree before its sink sees it.
    const expectServes = async (slotIndex: number) => {
      const fromA = await b.source.dataset(data.slot(slotIndex), signal());
      const sink = collectingSink();
      await fromA.fetchBlocks(range(fromA.blockCount), sink, signal());
      expect([...sink.blocks.keys()].sort()).toEqual([0, 1, 2]);
      for (const i of range(3)) expect(hex(sink.blocks.get(i)!)).toBe(hex(data.blocks(slotIndex)[i]!));
    };
    await expectServes(1);
    await expectServes(2);

    await repo.deleteSlotData(keys.get(2)!);
    expect(await a.serving.serve.hasLeaf(data.ds.treeCid, 6)).toBe(false);
    a.serving.sweep();
    expect(a.withdrawn).toEqual([]); // slot 1 is still held: the dataset stays announced
    await expectServes(1);

    await repo.deleteSlotData(keys.get(1)!);
    expect(await a.serving.serve.hasLeaf(data.ds.treeCid, 3)).toBe(false);
    expect(a.serving.serve.hasBlock(data.manifest.cid)).toBe(false);
    a.serving.sweep();
    a.serving.sweep();
    expect(a.withdrawn.sort()).toEqual([hex(data.manifest.cid), hex(data.ds.treeCid)].sort());
  }, 40_000);
});
