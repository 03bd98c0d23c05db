import { afterEach, describe, expect, it } from 'vitest';
import { ContentUnavailableError } from '../../../../src-main/engine/index';
import { hex, manifestCid } from '../../../../src-main/network/ids/cid';
import { encodeManifest } from '../../../../src-main/network/manifest/manifest';
import { MemoryBlockStore } from '../../../../src-main/network/provider/memory-store';
import type { BlockProof, FetchedManifest } from '../../../../src-main/network/source/codex-source';
import { decodeProof } from '../../../../src-main/network/tree/proof-codec';
import { verifyProof } from '../../../../src-main/network/tree/sha-tree';
import { collectingSink, honestProvider, range, startTestHost, testDataset } from '../helpers/network';
import { verifiableManifest } from '../helpers/manifests';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});
const signal = () => AbortSignal.timeout(10_000);

describe('the Codex data source', () => {
  it('fetches the manifest, then every block of a slot, empty pad blocks as 0 bytes', async () => {
    const data = testDataset(5, 2, 1); // steps 3: slot 1 holds dataset blocks 3, 4 and an empty pad
    const provider = await honestProvider(data);
    const host = await startTestHost([provider]);
    stops.push(provider.stop, host.stop);
    const dataset = await host.source.dataset(data.slot(1), signal());
    expect(dataset.blockCount).toBe(3);
    expect(dataset.slotRoots).toHaveLength(3);
    expect(host.source.canRepair).toBe(false);
    const sink = collectingSink();
    await dataset.fetchBlocks(range(3), sink, signal());
    expect(sink.blocks.get(2)).toEqual(new Uint8Array(0));
    expect([...sink.blocks.keys()].sort()).toEqual([0, 1, 2]);
    for (const [i, b] of sink.blocks) expect(hex(b)).toBe(hex(data.blocks(1)[i]!));
  });

  it('resumes: fetches only the indices it is given', async () => {
    const data = testDataset(8, 2, 1);
    const provider = await honestProvider(data);
    const host = await startTestHost([provider]);
    stops.push(provider.stop, host.stop);
    const dataset = await host.source.dataset(data.slot(2), signal());
    const first = collectingSink();
    await dataset.fetchBlocks([0, 3], first, signal());
    const rest = collectingSink();
    await dataset.fetchBlocks([1, 2], rest, signal());
    expect([...first.blocks.keys()].sort()).toEqual([0, 3]);
    expect([...rest.blocks.keys()].sort()).toEqual([1, 2]);
    expect(rest.blocks.get(1)).toEqual(data.blocks(2)[1]);
  });

  it("hands over the manifest and each stored block's proof, for serving the slot later", async () => {
    const data = testDataset(6, 2, 1);
    const provider = await honestProvider(data);
    const manifests: FetchedManifest[] = [];
    const proofs: BlockProof[] = [];
    const host = await startTestHost([provider], {
      sourceOptions: { onManifest: (m) => void manifests.push(m), onBlockProof: (p) => void proofs.push(p) },
    });
    stops.push(provider.stop, host.stop);
    const dataset = await host.source.dataset(data.slot(1), signal());
    await dataset.fetchBlocks(range(3), collectingSink(), signal());
    expect(manifests.map((m) => hex(m.cid))).toEqual([hex(data.manifest.cid)]);
    expect(manifests[0]!.bytes).toEqual(data.manifest.bytes);
    expect(proofs.map((p) => [p.index, p.datasetIndex]).sort()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    for (const p of proofs) {
      const proof = decodeProof(p.proof);
      expect(verifyProof(data.ds.leaves[p.datasetIndex]!, data.ds.tree.root, proof)).toBe(true);
    }
  });

  it('lends reused block buffers when asked, each valid until its put resolves', async () => {
    const data = testDataset(8, 1, 1);
    const provider = await honestProvider(data);
    const host = await startTestHost([provider], { sourceOptions: { lendBlocks: true } });
    stops.push(provider.stop, host.stop);
    const copies = new Map<number, Uint8Array>();
    const seen = new Set<ArrayBufferLike>();
    const sink = {
      put: async (i: number, b: Uint8Array) => {
        seen.add(b.buffer);
        copies.set(i, b.slice());
      },
    };
    const dataset = await host.source.dataset(data.slot(0), signal());
    await dataset.fetchBlocks(range(8), sink, signal());
    // Again, in another order: what the first pass proved must still hold against new frames.
    await dataset.fetchBlocks([5], sink, signal());
    await dataset.fetchBlocks(range(8).reverse(), sink, signal());
    for (const [i, b] of copies) expect(hex(b)).toBe(hex(data.blocks(0)[i]!));
    expect(seen.size).toBeLessThan(17);
  });

  it('refuses a content CID that is not a Codex manifest CID', async () => {
    const host = await startTestHost([]);
    stops.push(host.stop);
    const slot = testDataset(2).slot(0);
    const bad = { ...slot, request: { ...slot.request, content: { ...slot.request.content, cid: '0x1220abcd' } } };
    await expect(host.source.dataset(bad, signal())).rejects.toThrow(ContentUnavailableError);
    await expect(host.source.dataset(bad, signal())).rejects.toThrow(/content CID: CID version 18 is not 1/);
  });

  it('says no peer was found when nobody has the manifest', async () => {
    const host = await startTestHost([], { timings: { giveUpMs: 400 } });
    stops.push(host.stop);
    const error = await host.source.dataset(testDataset(2).slot(0), signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentUnavailableError);
    expect(String(error)).toMatch(/manifest zDv.*no progress.*no peer was found; give one with --peer/);
  });

  it('asks discovery for providers of the manifest when no --peer is given', async () => {
    const data = testDataset(3);
    const provider = await honestProvider(data);
    const asked: string[] = [];
    const host = await startTestHost([], {
      findProviders: async (cid) => {
        asked.push(hex(cid));
        return [{ peerId: provider.node.peerId.toString(), addrs: provider.node.libp2p.getMultiaddrs() }];
      },
    });
    stops.push(provider.stop, host.stop);
    const dataset = await host.source.dataset(data.slot(0), signal());
    await dataset.fetchBlocks([0], collectingSink(), signal());
    expect(asked[0]).toBe(hex(data.manifest.cid));
    expect(asked).toContain(hex(data.ds.treeCid));
  });

  it('refuses a manifest a Codex host cannot sell, naming the field', async () => {
    const m = verifiableManifest();
    const bytes = encodeManifest({ ...m, blockSize: 1024 });
    const store = new MemoryBlockStore();
    store.add(testDataset(1).ds, { cid: manifestCid(bytes), bytes });
    const data = testDataset(1);
    const provider = await honestProvider({ ...data, store });
    const host = await startTestHost([provider]);
    stops.push(provider.stop, host.stop);
    const slot = data.slot(0);
    const wanted = {
      ...slot,
      request: { ...slot.request, content: { ...slot.request.content, cid: '0x' + hex(manifestCid(bytes)) } },
    };
    await expect(host.source.dataset(wanted, signal())).rejects.toThrow(/cannot be stored: blockSize is 1024/);
  });

  it('refuses a request whose slot size or slot count disagrees with its manifest', async () => {
    const data = testDataset(3, 2, 1);
    const provider = await honestProvider(data);
    const host = await startTestHost([provider]);
    stops.push(provider.stop, host.stop);
    const slot = data.slot(0);
    const wrong = { ...slot, request: { ...slot.request, ask: { ...slot.request.ask, slotSize: 65_536n } } };
    await expect(host.source.dataset(wrong, signal())).rejects.toThrow(
      /slotSize 65536 is not 64 KiB × nextPow2\(2 blocks\)/,
    );
    const missing = { ...slot, slotIndex: 3n };
    await expect(host.source.dataset(missing, signal())).rejects.toThrow(/slot 3 does not exist/);
  });

  it('refuses indices outside the slot before asking anyone', async () => {
    const data = testDataset(3, 2, 1);
    const provider = await honestProvider(data);
    const host = await startTestHost([provider]);
    stops.push(provider.stop, host.stop);
    const dataset = await host.source.dataset(data.slot(0), signal());
    await expect(dataset.fetchBlocks([2], collectingSink(), signal())).rejects.toThrow(
      /block 2 is not a block of slot 0/,
    );
    await expect(dataset.fetchBlocks([0, 0], collectingSink(), signal())).rejects.toThrow(/repeated/);
  });

  it('stops when aborted and reports the abort, not unavailability', async () => {
    const data = testDataset(3, 2, 1);
    const provider = await honestProvider(data);
    const host = await startTestHost([provider]);
    stops.push(provider.stop, host.stop);
    const dataset = await host.source.dataset(data.slot(0), signal());
    const controller = new AbortController();
    const slowSink = { put: () => new Promise<void>((resolve) => setTimeout(resolve, 200)) };
    const fetching = dataset.fetchBlocks([0, 1], slowSink, controller.signal);
    controller.abort(new Error('sale cancelled'));
    await expect(fetching).rejects.toThrow('sale cancelled');
  });

  it('passes a failing sink write through unchanged', async () => {
    const data = testDataset(3, 2, 1);
    const provider = await honestProvider(data);
    const host = await startTestHost([provider]);
    stops.push(provider.stop, host.stop);
    const dataset = await host.source.dataset(data.slot(0), signal());
    const full = { put: async () => Promise.reject(new Error('disk full')) };
    await expect(dataset.fetchBlocks([0, 1], full, signal())).rejects.toThrow('disk full');
  });
});
