import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSlotServing } from '../../../src-main/compose/slot-serving';
import { slotIdOf } from '../../../src-main/market/index';
import { startHostNetwork } from '../../../src-main/network/host';
import { hex } from '../../../src-main/network/ids/cid';
import { parseNetworkArgs } from '../../../src-main/network/node/options';
import { startProvider } from '../../../src-main/network/provider/provider';
import { silentLogger } from '../../../src-main/engine/index';
import { openStorage } from '../../../src-main/storage/open-storage';
import { collectingSink, fastTimings, range, startTestHost, testDataset } from '../network/helpers/network';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const KEY = '0x' + '22'.repeat(32);
const signal = () => AbortSignal.timeout(15_000);

async function startA(dataDir: string, peers: string[]) {
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
  const announced: string[] = [];
  await serving.start(async (cid) => void announced.push(hex(cid)));
  return {
    storage,
    serving,
    net,
    announced,
    peer: { peerId: net.node.peerId.toString(), multiaddr: net.status().announceAddrs[0]! },
    async stop() {
      await net.stop();
      await serving.close();
      storage.close();
    },
  };
}

describe('serving stored slots from the repo', () => {
  it('a host that stored a slot serves it to another host after the provider left and after a kill and restart, until the slot is freed', async () => {
    const data = testDataset(6, 2, 1); // steps 3: slot 1 holds dataset blocks 3, 4, 5
    const wanted = data.slot(1);
    const dataDir = mkdtempSync(join(tmpdir(), 'slotkeeper-serve-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const provider = await startProvider({ store: data.store });
    let a = await startA(dataDir, [provider.multiaddrs[0]!]);
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
    a = await startA(dataDir, []);
    cleanups.push(() => a.stop());
    expect(a.announced.sort()).toEqual([hex(data.manifest.cid), hex(data.ds.treeCid)].sort());
    const again = await fetchFromA();
    expect([...again.keys()].sort()).toEqual([0, 1, 2]);
    for (const i of range(3)) expect(hex(again.get(i)!)).toBe(hex(data.blocks(1)[i]!));

    await a.storage.repo.deleteSlotData(KEY);
    expect(await a.serving.serve.hasLeaf(data.ds.treeCid, 3)).toBe(false);
    expect(a.serving.serve.hasBlock(data.manifest.cid)).toBe(false);
    const b = await startTestHost([a.peer], { timings: { giveUpMs: 1_500 } });
    cleanups.push(() => b.stop());
    await expect(b.source.dataset(wanted, signal())).rejects.toThrow();
  }, 40_000);
});
