// The devnet's clients as a real Codex peer: a host's sale downloads its slot over libp2p on
// loopback from the clients' peer, every block proven against the dataset tree the request's
// manifest names, and a client that stops serving leaves the host with content unavailable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHost, type EngineHost } from '../../../../src-main/compose/engine-host';
import { ContentUnavailableError, type StorageAsk } from '../../../../src-main/engine/index';
import { createDevnetBackend, type DevnetBackend } from '../../../../src-main/market/devnet/backend';
import { makeConfig, testConfig } from '../../../../src-main/market/sim/config';
import {
  checkManifest,
  decodeManifest,
  decodeProof,
  type BlockProof,
  type FetchedManifest,
  verifyProof,
} from '../../../../src-main/network/index';
import { tempDataDir } from '../../../fakes/test-db';

let engine: EngineHost;
let backend: DevnetBackend;
const temp = tempDataDir('sk-devnet-peer-');
const proofs: BlockProof[] = [];
const manifests: FetchedManifest[] = [];

const ask = (slots: bigint): StorageAsk => ({
  slots,
  slotSize: 1n << 18n, // 4 blocks per slot
  duration: 200n,
  pricePerBytePerSecond: 1n,
  collateralPerByte: 2n,
  proofProbability: 1n,
  maxSlotLoss: slots > 1n ? 1n : 0n,
});

beforeAll(async () => {
  engine = await startEngineHost({
    host: 'headless',
    version: 'test',
    dataDir: temp.dir,
    quota: 1n << 30n,
    market: async (context) => {
      backend = await createDevnetBackend(context, {
        config: makeConfig(testConfig, { proofs: { period: 20, timeout: 10 } }),
        rate: 0,
        competitors: 0,
        networkSource: { onBlockProof: (p) => void proofs.push(p), onManifest: (m) => void manifests.push(m) },
        exchangeTimings: { giveUpMs: 4_000, activityTimeoutMs: 2_000, presenceRetryMs: 200 },
      });
      return backend;
    },
  });
}, 120_000);
afterAll(async () => {
  await engine?.stop();
  temp.remove();
});

describe('the devnet clients as a Codex peer', () => {
  it('post the manifest’s CID as content.cid and serve it: a verifiable manifest of the request’s shape', async () => {
    const requestId = await backend.devnet.postRequest({ ask: ask(3n), expiry: 100n });
    const request = (await backend.market.getRequest(requestId))!;
    const dataset = backend.world.content.datasetOf(requestId)!;
    expect(request.content.cid).toBe(Buffer.from(dataset.layout.manifest.cid).toString('hex').replace(/^/, '0x'));
    const vm = checkManifest(decodeManifest(dataset.layout.manifest.bytes));
    expect(vm).toMatchObject({ numSlots: 3, blocksPerSlot: 4 });
    expect(vm.manifest.erasure).toMatchObject({ ecK: 2, ecM: 1 });
    expect(vm.slotRoots).toEqual(dataset.slotRoots);
    expect(vm.verifyRoot).toEqual(dataset.verifyRoot);
  });

  it('fill a sale whose slot the host downloaded over libp2p from the clients’ peer, every block proven', async () => {
    expect(backend.hostNetwork).toBeDefined();
    await engine.codex.createAvailability({
      totalSize: 1n << 22n,
      duration: 100_000n,
      minPricePerBytePerSecond: 1n,
      totalCollateral: 1n << 40n,
    });
    const requestId = await backend.devnet.postRequest({ ask: ask(1n), expiry: 100n });
    const state = async () => (await backend.devnet.request(requestId))?.state;
    for (let i = 0; i < 60 && (await state()) !== 'Started'; i++) await backend.devnet.advance(5);
    expect(await state()).toBe('Started');
    expect((await backend.devnet.request(requestId))!.slots[0]!.host).toBe(backend.wallet.address);
    const clientPeer = backend.world.clientPeer.peer.peerId;
    expect(backend.hostNetwork!.status().connectedPeers.map((p) => p.peerId)).toContain(clientPeer);
    const manifest = manifests.find((m) => m.requestId === requestId)!;
    expect(manifest).toBeDefined();
    const mine = proofs.filter((p) => p.requestId === requestId);
    expect(mine.map((p) => p.index).sort()).toEqual([0, 1, 2, 3]);
    const dataset = backend.world.content.datasetOf(requestId)!;
    for (const p of mine)
      expect(
        verifyProof(dataset.layout.leaves[p.datasetIndex]!, manifest.manifest.treeRoot, decodeProof(p.proof)),
      ).toBe(true);
  }, 120_000);

  it('leave the host with content unavailable, within the exchange’s give-up time, once a client stops serving', async () => {
    // No sale takes this one: the host's download is driven here, to read its outcome.
    for (const a of engine.codex.listAvailabilities()) await engine.codex.updateAvailability(a.id, { enabled: false });
    const requestId = await backend.devnet.postRequest({ ask: ask(1n), expiry: 100n });
    const request = (await backend.market.getRequest(requestId))!;
    backend.world.content.unavailable.add(requestId);
    const download = backend.dataSource.dataset({ requestId, request, slotIndex: 0n }, new AbortController().signal);
    await expect(download).rejects.toBeInstanceOf(ContentUnavailableError);
    await expect(download).rejects.toThrow(/is unavailable/);
  }, 60_000);
});
