import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHostNetwork } from '../../../src-main/network/host';
import { parseNetworkArgs } from '../../../src-main/network/node/options';
import { startProvider } from '../../../src-main/network/provider/provider';
import { collectingSink, fastTimings, range, testDataset } from './helpers/network';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("the host's data plane", () => {
  it('starts from the flags, keeps its key in the data folder, dials --peer at start, fetches a slot and hands over its manifest and proofs', async () => {
    const data = testDataset(4, 2, 1);
    const provider = await startProvider({ store: data.store });
    cleanups.push(() => provider.stop());
    const manifests: string[] = [];
    const proofs: number[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'slotkeeper-net-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const parsed = parseNetworkArgs(['--listen-addrs', '/ip4/127.0.0.1/tcp/0', '--peer', provider.multiaddrs[0]!]);
    if (!parsed.ok) throw new Error(parsed.message);
    const host = await startHostNetwork({
      dataDir,
      options: parsed.options,
      timings: fastTimings,
      source: { onManifest: (m) => void manifests.push(m.requestId), onBlockProof: (p) => void proofs.push(p.index) },
    });
    cleanups.push(() => host.stop());
    expect(statSync(join(dataDir, 'key')).mode & 0o777).toBe(0o600);
    const providerId = provider.node.peerId.toString();
    for (let i = 0; i < 200 && !host.status().connectedPeers.some((p) => p.peerId === providerId); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(host.status().connectedPeers.map((p) => p.peerId)).toContain(providerId);
    const dataset = await host.dataSource.dataset(data.slot(0), AbortSignal.timeout(10_000));
    const sink = collectingSink();
    await dataset.fetchBlocks(range(dataset.blockCount), sink, AbortSignal.timeout(10_000));
    expect([...sink.blocks.keys()].sort()).toEqual([0, 1]);
    expect(sink.blocks.get(1)).toEqual(data.blocks(0)[1]);
    expect(manifests).toEqual([data.slot(0).requestId]);
    expect(proofs.sort()).toEqual([0, 1]);
    const restarted = await startHostNetwork({ dataDir, options: parsed.options });
    cleanups.push(() => restarted.stop());
    expect(restarted.status().peerId).toBe(host.status().peerId);
  });
});
