// The embedded market's clients as a real Codex peer: content.cid is the CID of a verifiable
// manifest the clients' peer serves, a host's sale downloads its slot over libp2p on loopback with
// every block proven against the manifest's tree, a client that stops serving leaves the host with
// content unavailable, and after a restart the peer still serves what was posted before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotDto } from '../../../../src-main/api/dto';
import { startEngineHost, type EngineHost } from '../../../../src-main/compose/engine-host';
import { ContentUnavailableError, type RequestId, type StorageAsk } from '../../../../src-main/engine/index';
import { openSimBackend, type SimBackend, type SimBackendOptions } from '../../../../src-main/market/sim/backend';
import { contentBlock, datasetShape } from '../../../../src-main/market/sim/content';
import {
  checkManifest,
  decodeManifest,
  decodeProof,
  sha256,
  verifyProof,
  type BlockProof,
  type FetchedManifest,
} from '../../../../src-main/network/index';
import { tempDataDir } from '../../../fakes/test-db';

const temp = tempDataDir('sk-sim-peer-');
const proofs: BlockProof[] = [];
const manifests: FetchedManifest[] = [];
let engine: EngineHost;
let backend: SimBackend;

const options: SimBackendOptions = {
  seed: 11,
  rate: 0,
  competitors: 0,
  networkSource: { onBlockProof: (p) => void proofs.push(p), onManifest: (m) => void manifests.push(m) },
  exchangeTimings: { giveUpMs: 4_000, activityTimeoutMs: 2_000, presenceRetryMs: 200 },
};

async function start(): Promise<void> {
  engine = await startEngineHost({
    host: 'headless',
    version: 'test',
    dataDir: temp.dir,
    quota: 1n << 30n,
    market: async (context) => (backend = await openSimBackend(context, options)),
  });
}

const ask = (slots: bigint): Partial<StorageAsk> => ({
  slots,
  slotSize: 1n << 19n, // 8 blocks per slot, of which 5 to 8 carry data
  duration: 3_600n,
  proofProbability: 1_000n,
  maxSlotLoss: 1n,
});

beforeAll(start, 60_000);
afterAll(async () => {
  await engine?.stop();
  temp.remove();
});

const post = (slots: bigint, expiry = 600n): Promise<RequestId> =>
  backend.simulator.postRequest({ ask: ask(slots), expiry });

describe('the simulated clients as a Codex peer', () => {
  it('post the manifest’s CID as content.cid: a verifiable manifest of the request’s shape and roots', async () => {
    const requestId = await post(3n);
    const request = (await backend.market.getRequest(requestId))!;
    const served = await backend.simulator.content.servedManifest(Buffer.from(request.content.cid.slice(2), 'hex'));
    expect(served).toBeDefined();
    const vm = checkManifest(decodeManifest(served!.layout.manifest.bytes));
    const shape = datasetShape(request);
    if (!shape.ok) throw new Error(shape.message);
    // Pad blocks are not the dataset's: a slot's steps are its data blocks.
    expect(vm).toMatchObject({ numSlots: 3, blocksPerSlot: shape.shape.dataBlocks });
    expect(vm.manifest.erasure).toMatchObject({ ecK: 2, ecM: 1 });
    expect(vm.slotRoots).toEqual(await backend.simulator.content.slotRoots(requestId));
    expect('0x' + Buffer.from(vm.verifyRoot).toString('hex')).toBe(request.content.merkleRoot);
  });

  it('fill a sale whose slot the host downloaded over libp2p from the clients’ peer, every block proven', async () => {
    await engine.codex.createAvailability({
      totalSize: 1n << 24n,
      duration: 100_000n,
      minPricePerBytePerSecond: 1n,
      totalCollateral: 1n << 60n,
    });
    const requestId = await post(2n, 1_800n);
    const request = (await backend.market.getRequest(requestId))!;
    const hosted = () => backend.simulator.requestSummary(requestId)!.slots.filter((s) => s.host !== null).length;
    // The slots open to a host over chain time (the contract's dispersal), so time moves on, but
    // slowly enough in wall time for the downloads: a jump would run past the expiry first.
    for (let i = 0; i < 170 && hosted() < 2; i++) {
      await backend.devnet.advance(10);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(backend.simulator.requestSummary(requestId)!.state).toBe('Started');
    expect(backend.hostNetwork!.status().connectedPeers.map((p) => p.peerId)).toContain(
      backend.clientPeer!.peer.peerId,
    );
    // The dashboard's network card reads the same node: its one peer, no DHT.
    const reading = backend.network!.status();
    expect(reading.peerCount).toBe(1);
    expect(reading.listenAddrs[0]).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+/);
    expect(reading.dhtPeers).toBeUndefined();
    const manifest = manifests.find((m) => m.requestId === requestId);
    expect(manifest?.cid).toEqual(new Uint8Array(Buffer.from(request.content.cid.slice(2), 'hex')));
    const shape = datasetShape(request);
    if (!shape.ok) throw new Error(shape.message);
    const steps = shape.shape.dataBlocks;
    // The Slots table's "Data on disk" reads the repo by the reservation the data is written under.
    const snapshot = (await engine.api.invoke('live.snapshot', {})) as { ok: true; value: SnapshotDto };
    const ours = snapshot.value.slots.filter((s) => s.requestId === requestId);
    expect(ours).toHaveLength(2);
    for (const s of ours) expect(BigInt(s.onDiskBytes)).toBeGreaterThanOrEqual(BigInt(steps) * 65_536n);
    for (const slot of [0n, 1n]) {
      const mine = proofs.filter((p) => p.requestId === requestId && p.slotIndex === slot);
      expect(mine.map((p) => p.index).sort((a, b) => a - b)).toEqual([...Array(steps).keys()]);
      for (const p of mine) {
        const block = contentBlock(backend.simulator.chainSeed, request, shape.shape, Number(slot), p.index);
        expect(p.datasetIndex).toBe(Number(slot) * steps + p.index);
        expect(verifyProof(sha256(block), manifest!.manifest.treeRoot, decodeProof(p.proof))).toBe(true);
      }
    }
  }, 120_000);

  it('leave the host with content unavailable, within the exchange’s give-up time, once a client stops serving', async () => {
    for (const a of engine.codex.listAvailabilities()) await engine.codex.updateAvailability(a.id, { enabled: false });
    const requestId = await post(2n);
    const request = (await backend.market.getRequest(requestId))!;
    backend.simulator.content.unavailable.add(requestId);
    const download = backend.dataSource.dataset({ requestId, request, slotIndex: 0n }, new AbortController().signal);
    await expect(download).rejects.toBeInstanceOf(ContentUnavailableError);
  }, 60_000);

  it('answer DontHave for content posted with a stand-in CID (an older Slotkeeper’s), so it ends as unavailable', async () => {
    const sim = backend.simulator;
    const client = sim.actor('client', 0);
    const requestAsk = { ...sim.clients.defaultAsk(), ...ask(2n) } as StorageAsk;
    const nonce = '0x' + '5a'.repeat(32);
    const manifest = await sim.content.build({ nonce, ask: requestAsk });
    const merkleRoot = '0x' + Buffer.from(manifest.verifyRoot).toString('hex');
    sim.mint(client, 10n ** 30n);
    const standIn = '0x01701220' + '11'.repeat(32); // dag-pb, as the simulator once posted
    const requestId = await sim.connect(client).requestStorage({
      client,
      ask: requestAsk,
      content: { cid: standIn, merkleRoot },
      expiry: 600n,
      nonce,
    });
    sim.content.remember(requestId, { ...manifest, cid: undefined, treeCid: undefined });
    sim.content.indexPosted([[requestId, (await backend.market.getRequest(requestId))!]]);
    expect(await sim.content.servedManifest(Buffer.from(standIn.slice(2), 'hex'))).toBeUndefined();
    const request = (await backend.market.getRequest(requestId))!;
    const download = backend.dataSource.dataset({ requestId, request, slotIndex: 0n }, new AbortController().signal);
    await expect(download).rejects.toBeInstanceOf(ContentUnavailableError);
  }, 60_000);

  it('stop serving a request once it ended: nobody downloads it any more', async () => {
    const requestId = await post(2n);
    const request = (await backend.market.getRequest(requestId))!;
    const cid = Buffer.from(request.content.cid.slice(2), 'hex');
    expect(await backend.simulator.content.servedManifest(cid)).toBeDefined();
    for (let i = 0; i < 40 && backend.simulator.requestSummary(requestId)!.state !== 'Cancelled'; i++)
      await backend.devnet.advance(60);
    expect(backend.simulator.requestSummary(requestId)!.state).toBe('Cancelled');
    expect(await backend.simulator.content.servedManifest(cid)).toBeUndefined();
  }, 60_000);

  it('serve, after a restart, the blocks of a request posted before it', async () => {
    const requestId = await post(2n);
    const request = (await backend.market.getRequest(requestId))!;
    await engine.stop();
    await start();
    expect(backend.simulator.requestSummary(requestId)!.state).toBe('New');
    const dataset = await backend.dataSource.dataset(
      { requestId, request, slotIndex: 1n },
      new AbortController().signal,
    );
    expect(dataset.slotRoots).toEqual(await backend.simulator.content.slotRoots(requestId));
    const got = new Map<number, Uint8Array>();
    await dataset.fetchBlocks(
      [...Array(dataset.blockCount).keys()],
      { put: async (index, bytes) => void got.set(index, bytes.slice()) },
      new AbortController().signal,
    );
    const shape = datasetShape(request);
    if (!shape.ok) throw new Error(shape.message);
    expect(got.size).toBe(shape.shape.dataBlocks);
    for (const [index, bytes] of got)
      expect(bytes).toEqual(contentBlock(backend.simulator.chainSeed, request, shape.shape, 1, index));
  }, 60_000);
});
