import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { afterDownloads, dataKeyOf, startProofRefetch } from '../../../src-main/compose/proof-refetch';
import { openSlotServing } from '../../../src-main/compose/slot-serving';
import type { Logger } from '../../../src-main/engine/index';
import { slotIdOf } from '../../../src-main/market/index';
import type { ExchangeTimings } from '../../../src-main/network/exchange/timings';
import { startHostNetwork } from '../../../src-main/network/host';
import { hex } from '../../../src-main/network/ids/cid';
import { parseNetworkArgs } from '../../../src-main/network/node/options';
import { startProvider } from '../../../src-main/network/provider/provider';
import { decodeProofRecord, SERVE_PROOFS_FILE } from '../../../src-main/network/serve/serve-files';
import { openStorage } from '../../../src-main/storage/open-storage';
import {
  collectingSink,
  fastTimings,
  range,
  startTestHost,
  testDataset,
  type TestDataset,
} from '../network/helpers/network';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const KEY = '0x' + '66'.repeat(32);
const SLOT = 1;
const KEPT = 5; // proofs left on disk, as a kill leaves the file: the first ones, then a torn record
const signal = () => AbortSignal.timeout(20_000);

function recordingLog() {
  const lines: { level: string; message: string; context?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, context?: Record<string, unknown>): void =>
      void lines.push({ level, message, ...(context ? { context } : {}) });
  const log: Logger = { debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

/** A host A on `dataDir` serving what it stores, dialling `peers`. */
async function startA(dataDir: string, peers: string[], log: Logger, timings: Partial<ExchangeTimings> = {}) {
  const storage = openStorage({ dataDir });
  const serving = await openSlotServing(storage.repo, log);
  const parsed = parseNetworkArgs(['--listen-addrs', '/ip4/127.0.0.1/tcp/0', ...peers.flatMap((p) => ['--peer', p])]);
  if (!parsed.ok) throw new Error(parsed.message);
  const net = await startHostNetwork({
    dataDir,
    options: parsed.options,
    timings: { ...fastTimings, ...timings },
    serve: serving.serve,
    source: serving.source,
  });
  return {
    storage,
    serving,
    net,
    peer: { peerId: net.node.peerId.toString(), multiaddr: net.status().announceAddrs[0]! },
    async stop() {
      await net.stop();
      await serving.close();
      storage.close();
    },
  };
}

/**
 * Stores slot SLOT of `data` on a host fetching it from a provider, then leaves its proofs file as a
 * kill can: the first KEPT records and part of the next. Returns the data folder and the provider.
 */
async function storedWithLostProofs(data: TestDataset) {
  const dataDir = mkdtempSync(join(tmpdir(), 'slotkeeper-refetch-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const provider = await startProvider({ store: data.store });
  const a = await startA(dataDir, [provider.multiaddrs[0]!], recordingLog().log);
  const wanted = data.slot(SLOT);
  const dataset = await a.net.dataSource.dataset(wanted, signal());
  const repo = a.storage.repo;
  await repo.writeSlotData(KEY, 0, new Uint8Array(0));
  await repo.tagSlotData(KEY, slotIdOf(wanted.requestId, wanted.slotIndex));
  await dataset.fetchBlocks(
    range(dataset.blockCount),
    { put: (i, b) => repo.writeSlotData(KEY, i * 65_536, b) },
    signal(),
  );
  await a.stop(); // every proof appended
  const storage = openStorage({ dataDir });
  const file = (await storage.repo.readSlotFile(KEY, SERVE_PROOFS_FILE))!;
  let end = 0;
  for (let i = 0; i < KEPT; i++) end += decodeProofRecord(file, end)!.length;
  await storage.repo.writeSlotFile(KEY, SERVE_PROOFS_FILE, file.subarray(0, end + 9));
  storage.close();
  return { dataDir, provider, blockCount: dataset.blockCount };
}

/** The dataset indices of slot SLOT's blocks that A answers to have. */
async function servedBy(a: Awaited<ReturnType<typeof startA>>, data: TestDataset, blockCount: number) {
  const served: number[] = [];
  for (const i of range(blockCount))
    if (await a.serving.serve.hasLeaf(data.ds.treeCid, SLOT * blockCount + i)) served.push(i);
  return served;
}

describe('fetching again the proofs a kill lost', () => {
  it('a host whose proofs file lost its tail serves every stored block again after the refetch, each proof verifying against the manifest tree, also after a restart', async () => {
    const data = testDataset(40, 2, 1); // slot 1 holds dataset blocks 20 to 39
    const { dataDir, provider, blockCount } = await storedWithLostProofs(data);
    cleanups.push(() => provider.stop());
    const { log, lines } = recordingLog();
    let a = await startA(dataDir, [provider.multiaddrs[0]!], log);
    cleanups.push(() => a.stop());
    expect(await servedBy(a, data, blockCount)).toEqual(range(KEPT)); // the lost ones are not served

    const refetch = startProofRefetch({
      serve: a.serving.serve,
      repo: a.storage.repo,
      fetchProofs: (...args) => a.net.dataSource.fetchProofs(...args),
      storedSlot: (dataKey) =>
        dataKey === KEY ? { slotIndex: BigInt(SLOT), storedBlocks: range(blockCount) } : undefined,
      log,
    });
    cleanups.push(() => refetch.close());
    refetch.checkAll();
    await refetch.idle();
    expect(await servedBy(a, data, blockCount)).toEqual(range(blockCount));
    expect(lines.filter((l) => l.context?.['slot'] === KEY)).toEqual([
      expect.objectContaining({ level: 'info', context: { slot: KEY, blocks: blockCount - KEPT } }),
    ]);
    await refetch.close();

    // The provider leaves; A restarts (its proofs flushed) and serves the whole slot to another host,
    // whose data source checks every block's proof against the manifest's tree.
    await provider.stop();
    await a.stop();
    a = await startA(dataDir, [], log);
    const b = await startTestHost([a.peer]);
    cleanups.push(() => b.stop());
    const fromA = await b.source.dataset(data.slot(SLOT), signal());
    const sink = collectingSink();
    await fromA.fetchBlocks(range(fromA.blockCount), sink, signal());
    expect([...sink.blocks.keys()].sort((x, y) => x - y)).toEqual(range(blockCount));
    for (const i of range(blockCount)) expect(hex(sink.blocks.get(i)!)).toBe(hex(data.blocks(SLOT)[i]!));
  }, 60_000);

  it('with no provider reachable the refetch ends after its bounded attempts, says so once, and the slot stays served as far as it can', async () => {
    const data = testDataset(40, 2, 1);
    const { dataDir, provider, blockCount } = await storedWithLostProofs(data);
    const gone = provider.multiaddrs[0]!;
    await provider.stop();
    const { log, lines } = recordingLog();
    const a = await startA(dataDir, [gone], log, { giveUpMs: 1_000 });
    cleanups.push(() => a.stop());
    const refetch = startProofRefetch({
      serve: a.serving.serve,
      repo: a.storage.repo,
      fetchProofs: (...args) => a.net.dataSource.fetchProofs(...args),
      storedSlot: () => ({ slotIndex: BigInt(SLOT), storedBlocks: range(blockCount) }),
      log,
      retryMs: 50,
      attempts: 2,
    });
    cleanups.push(() => refetch.close());
    refetch.checkAll();
    await refetch.idle();
    expect(await servedBy(a, data, blockCount)).toEqual(range(KEPT));
    const said = lines.filter((l) => l.context?.['slot'] === KEY);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 'warn', context: { blocks: blockCount - KEPT, attempts: 2 } });
    expect(String(said[0]!.context?.['error'])).toMatch(/no progress/);

    // Blocks the engine has not stored yet are left to its download: nothing is fetched for them.
    const partial = startProofRefetch({
      serve: a.serving.serve,
      repo: a.storage.repo,
      fetchProofs: () => Promise.reject(new Error('nothing should be fetched')),
      storedSlot: () => ({ slotIndex: BigInt(SLOT), storedBlocks: range(KEPT) }),
      log,
    });
    cleanups.push(() => partial.close());
    partial.check(KEY);
    await partial.idle();
    expect(lines.filter((l) => l.context?.['slot'] === KEY)).toHaveLength(1);
  }, 60_000);

  it('after a resumed download the slot is looked at again: its stored blocks without a proof are fetched again, and a block whose stored bytes differ from the dataset is left unserved and said', async () => {
    const data = testDataset(40, 2, 1);
    const { dataDir, provider, blockCount } = await storedWithLostProofs(data);
    cleanups.push(() => provider.stop());
    const { log, lines } = recordingLog();
    const a = await startA(dataDir, [provider.multiaddrs[0]!], log);
    cleanups.push(() => a.stop());
    const damaged = blockCount - 1; // a lost proof's block, damaged on disk since it was stored
    await a.storage.repo.writeSlotData(KEY, damaged * 65_536, new Uint8Array(65_536).fill(7));
    const refetch = startProofRefetch({
      serve: a.serving.serve,
      repo: a.storage.repo,
      fetchProofs: (...args) => a.net.dataSource.fetchProofs(...args),
      storedSlot: () => ({ slotIndex: BigInt(SLOT), storedBlocks: range(blockCount) }),
      log,
    });
    cleanups.push(() => refetch.close());
    // The engine resumes the download with nothing left to fetch (every block is stored).
    const downloaded: string[] = [];
    const source = afterDownloads(a.net.dataSource, (slot) => {
      const dataKey = dataKeyOf(a.storage.repo, slot);
      if (dataKey) downloaded.push(dataKey);
      if (dataKey) refetch.check(dataKey);
    });
    const dataset = await source.dataset(data.slot(SLOT), signal());
    await dataset.fetchBlocks([], { put: () => Promise.reject(new Error('nothing is fetched')) }, signal());
    await until(() => downloaded.length > 0);
    expect(downloaded).toEqual([KEY]);
    await refetch.idle();
    expect(await servedBy(a, data, blockCount)).toEqual(range(damaged));
    const said = lines.filter((l) => l.context?.['slot'] === KEY);
    expect(said).toEqual([
      expect.objectContaining({
        level: 'warn',
        context: { slot: KEY, blocks: blockCount - KEPT - 1, differ: String(damaged) },
      }),
    ]);
    // The damaged block's bytes were not rewritten: the refetch only keeps proofs.
    expect((await a.storage.repo.readSlotData(KEY, damaged * 65_536, 65_536)).every((b) => b === 7)).toBe(true);
  }, 60_000);
});

/** Waits (bounded) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('still waiting after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
