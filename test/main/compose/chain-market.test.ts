// `--market chain` with its real parts, end to end on loopback: a devnet world's chain (TestVerifier)
// and its clients' Codex peer, a host opened through openChainMarket with the data plane (libp2p
// node, block exchange, DHT) and the Groth16 proof system on the build's devnet circuit (the
// world's Marketplace carries that circuit's zkeyHash, the host gets its folder as --circuit-dir).
// The host's sale downloads its slot from the clients' peer, fills it on chain, keeps it in the
// repo, announces it in the DHT, and serves it: a third node that knows only the host's DHT record
// finds the host as the slot's provider and fetches every block from it, each proof checked.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChainMarket, type ChainMarketChoice } from '../../../src-main/compose/chain-market';
import { startEngineHost, type EngineHost } from '../../../src-main/compose/engine-host';
import { silentLogger, type Repo, type StorageAsk, type WantedSlot } from '../../../src-main/engine/index';
import type { MarketBackend } from '../../../src-main/market/index';
import { slotIdOf } from '../../../src-main/market/ids';
import { devnetChainTimings } from '../../../src-main/market/chain/timings';
import type { Dataset } from '../../../src-main/market/devnet/dataset';
import { startDevnetWorld, type DevnetWorld } from '../../../src-main/market/devnet/world';
import { makeConfig, testConfig } from '../../../src-main/market/sim/config';
import { startNetworkDataPlane, type NetworkDataPlane } from '../../../src-main/network/data-plane';
import {
  checkManifest,
  decodeManifest,
  decodeProof,
  RepoServedBlocks,
  slotBlockIndices,
  verifyProof,
  type BlockProof,
  type FetchedManifest,
} from '../../../src-main/network/index';
import { parseNetworkArgs } from '../../../src-main/network/node/options';
import { buildSlotTree, slotRootBytes } from '../../../src-main/proofs/codex/index';
import { decodeProofRecord, SERVE_PROOFS_FILE } from '../../../src-main/network/serve/serve-files';
import { openStorage } from '../../../src-main/storage/open-storage';
import { devnetCircuit } from '../../support/devnet-circuit';
import { tempDataDir } from '../../fakes/test-db';
import { until } from '../market/chain/fixture';
import { loopbackTuning } from '../network/dht/loopback-helpers';
import { collectingSink, fastTimings, range } from '../network/helpers/network';

/** Long enough that a proof started at a period's start lands in it on a loaded machine. */
const PERIOD = 60;
/** A sale still in SaleInitialProving this far into a period is waiting, not proving. */
const WAITING_AFTER = 15;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const temp = tempDataDir('sk-chain-market-');
let world: DevnetWorld;
let circuitDir: string;
let choice: ChainMarketChoice;
let engine: EngineHost | undefined;
let backend: MarketBackend;
let repo: Repo;
const requesters: NetworkDataPlane[] = [];

// Three slots (ecK 2, ecM 1) of four blocks: the slot's dataset blocks are not its slot indices.
const ask: StorageAsk = {
  slots: 3n,
  slotSize: 1n << 18n,
  duration: 7_200n,
  pricePerBytePerSecond: 1n,
  collateralPerByte: 2n,
  // Periodic proofs are out of scope here: the test normally ends in the fill's own period, before
  // any falls due (the fill itself carries a real Groth16 proof of the devnet circuit).
  proofProbability: 1n,
  maxSlotLoss: 1n,
};

/** The host as `slotkeeper --market chain --circuit-dir … --listen-addrs … --peer …` starts it. */
async function startHost(): Promise<EngineHost> {
  engine = await startEngineHost({
    host: 'headless',
    version: 'test',
    dataDir: join(temp.dir, 'host'),
    quota: 1n << 30n,
    circuits: { dir: circuitDir },
    market: async (context) => {
      repo = context.repo;
      backend = await openChainMarket(context, choice);
      return backend;
    },
  });
  return engine;
}

/** A third node that knows only the host's DHT record (--bootstrap-node), as a Codex node would. */
async function startRequester(name: string, hostSpr: string) {
  const proofs: BlockProof[] = [];
  const manifests: FetchedManifest[] = [];
  const parsed = parseNetworkArgs([
    '--listen-addrs',
    '/ip4/127.0.0.1/tcp/0',
    '--disc-port',
    '0',
    '--bootstrap-node',
    hostSpr,
  ]);
  if (!parsed.ok) throw new Error(parsed.message);
  const plane = await startNetworkDataPlane({
    dataDir: join(temp.dir, name),
    options: parsed.options,
    dhtBindHost: '127.0.0.1',
    dhtTuning: { ...loopbackTuning, responseTimeoutMs: 3_000 },
    timings: fastTimings,
    source: { onBlockProof: (p) => void proofs.push(p), onManifest: (m) => void manifests.push(m) },
  });
  requesters.push(plane);
  return { plane, proofs, manifests };
}

/**
 * Finds the host in the DHT as the provider of the slot's manifest and dataset tree, fetches the
 * slot from it (the requester's data source checks every block against the tree before the sink
 * sees it) and checks the blocks and their proofs here too.
 */
async function fetchFromHost(name: string, wanted: WantedSlot, dataset: Dataset): Promise<void> {
  const hostStatus = backend.network!.status();
  // A chain host runs the DHT, so it has a record to bootstrap from.
  expect(hostStatus.spr).toMatch(/^spr:/);
  const { plane, proofs, manifests } = await startRequester(name, hostStatus.spr!);
  const { layout } = dataset;
  for (const cid of [layout.manifest.cid, layout.treeCid]) {
    const providers = await plane.dht.findProviders({ bytes: cid }, { signal: AbortSignal.timeout(15_000) });
    expect(providers.map((p) => p.peerId)).toContain(hostStatus.peerId);
  }
  const signal = AbortSignal.timeout(30_000);
  const fromHost = await plane.dataSource.dataset(wanted, signal);
  expect(fromHost.blockCount).toBe(dataset.blocksPerSlot);
  const sink = collectingSink();
  await fromHost.fetchBlocks(range(fromHost.blockCount), sink, signal);
  for (const i of range(dataset.blocksPerSlot))
    expect(hex(sink.blocks.get(i)!)).toBe(hex(dataset.block(wanted.slotIndex, i)));
  const connected = plane.status().connectedPeers.map((p) => p.peerId);
  expect(connected).toContain(hostStatus.peerId);
  expect(connected).not.toContain(world.clientPeer.peer.peerId);
  // Every block came with a proof of its place in the manifest's SHA-256 dataset tree.
  const manifest = manifests.find((m) => m.requestId === wanted.requestId)!;
  expect(hex(manifest.cid)).toBe(hex(layout.manifest.cid));
  expect(proofs.map((p) => p.index).sort()).toEqual(range(dataset.blocksPerSlot));
  for (const p of proofs)
    expect(verifyProof(layout.leaves[p.datasetIndex]!, manifest.manifest.treeRoot, decodeProof(p.proof))).toBe(true);
  await plane.stop();
}

beforeAll(async () => {
  const circuit = await devnetCircuit();
  circuitDir = circuit.dir;
  world = await startDevnetWorld(
    {
      // No downtime: a fill never waits extra periods for the slot's pointer, so one jump to the next
      // period is enough (the test is about the data, not about proof timing).
      config: makeConfig(testConfig, {
        proofs: { period: PERIOD, timeout: 30, downtime: 0, zkeyHash: circuit.zkeyHash },
      }),
      rate: 0,
      clients: 1,
      competitors: 0,
      validator: false,
      hashWorkers: 1,
    },
    silentLogger,
  );
  const keyFile = join(temp.dir, 'host.key');
  writeFileSync(keyFile, world.hostAccounts[0]!.privateKey + '\n', { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  const network = parseNetworkArgs([
    '--listen-addrs',
    '/ip4/127.0.0.1/tcp/0',
    '--disc-port',
    '0',
    '--peer',
    world.clientPeer.peer.multiaddr,
  ]);
  if (!network.ok) throw new Error(network.message);
  choice = {
    options: {
      rpcUrl: world.chain.httpUrl,
      wsUrl: world.chain.wsUrl,
      marketplace: world.chain.addresses.marketplace,
      signer: { kind: 'private-key', file: keyFile },
      confirmations: 1,
    },
    timings: devnetChainTimings,
    network: network.options,
  };
  await startHost();
}, 120_000);

afterAll(async () => {
  for (const r of requesters) await r.stop();
  await engine?.stop();
  await world?.stop();
  temp.remove();
});

describe('a host on --market chain with the data plane', () => {
  it('downloads a client’s slot over libp2p, fills it, stores it with its Poseidon2 root, and serves it, also after a restart, to a node that found it through the DHT', async () => {
    const host = engine!;
    expect(backend.circuit).toMatchObject({ dir: circuitDir, origin: 'circuit-dir' });
    // One slot's worth of space: the host sells exactly one slot of the request.
    await host.codex.createAvailability({
      totalSize: ask.slotSize,
      duration: 100_000n,
      minPricePerBytePerSecond: 1n,
      totalCollateral: 1n << 40n,
    });
    const requestId = await world.clients.post({ ask, expiry: 1_800n });
    const dataset = world.content.datasetOf(requestId)!;
    const request = (await backend.market.getRequest(requestId))!;
    const hostAddress = backend.wallet.address.toLowerCase();
    const market = world.sessions()[0]!.market;
    // A fill's proof waits for the next period: move the chain there whenever the sale is seen
    // waiting, rather than wait a period in real time.
    const states = () =>
      range(Number(ask.slots)).map((i) => host.codex.slotAgent(slotIdOf(requestId, BigInt(i)))?.state);
    await until(
      async () => {
        const now = states();
        if (now.includes('SaleFilled') || now.includes('SaleProving')) return true;
        const t = backend.clock.now();
        if (now.includes('SaleInitialProving') && t % PERIOD >= WAITING_AFTER)
          await world.chain.controls.increaseTime(PERIOD - (t % PERIOD) + 2);
        return false;
      },
      'the host’s sale to fill its slot',
      60_000,
    );
    // On chain: one slot filled by the host's address.
    let filled: bigint | undefined;
    for (let i = 0n; i < ask.slots; i++)
      if ((await market.getHost(requestId, i))?.toLowerCase() === hostAddress) filled = i;
    expect(filled).toBeDefined();
    const slotIndex = filled!;
    expect(await market.slotState(slotIdOf(requestId, slotIndex))).toBe('Filled');

    // In the repo: the slot's blocks as the client made them, and their Poseidon2 slot root is the manifest's.
    const slotId = slotIdOf(requestId, slotIndex);
    const dataKey = repo.listSlots().find((k) => repo.slotOfData(k) === slotId);
    expect(dataKey).toBeDefined();
    const readBlock = (i: number) => repo.readSlotData(dataKey!, i * 65_536, 65_536);
    for (const i of range(dataset.blocksPerSlot))
      expect(hex(await readBlock(i))).toBe(hex(dataset.block(slotIndex, i)));
    const tree = await buildSlotTree({ dataBlocks: dataset.blocksPerSlot, readBlock, hasher: world.hasher });
    if (!tree.ok) throw new Error(tree.error.message);
    expect(hex(slotRootBytes(tree.value))).toBe(hex(dataset.slotRoots[Number(slotIndex)]!));

    // The clients stop serving: whatever a third node gets now comes from the host.
    world.content.unavailable.add(requestId);
    const wanted: WantedSlot = { requestId, slotIndex, request };
    await fetchFromHost('requester-1', wanted, dataset);

    // Restarted (same data folder, so the same peer id), the host announces and serves the slot
    // again from the repo and the proofs it wrote beside it; its sale goes on proving (the clients
    // serve nothing any more, so a download would have failed it). Its proofs file lost its tail,
    // as a kill can leave it: at the restart the host fetches those blocks again for their proofs
    // while the clients serve for a moment, and serves the whole slot once more.
    const peerId = backend.network!.status().peerId;
    await host.stop();
    engine = undefined;
    const indices = slotBlockIndices(checkManifest(decodeManifest(dataset.layout.manifest.bytes)), Number(slotIndex));
    const unproven = async (on: Repo) => {
      const reader = new RepoServedBlocks(on); // reads what the host appended so far
      await reader.load();
      return reader.missingProofs(dataKey!, indices);
    };
    const stopped = openStorage({ dataDir: join(temp.dir, 'host') });
    const file = (await stopped.repo.readSlotFile(dataKey!, SERVE_PROOFS_FILE))!;
    const first = decodeProofRecord(file)!.length;
    await stopped.repo.writeSlotFile(dataKey!, SERVE_PROOFS_FILE, file.subarray(0, first + 7));
    expect(await unproven(stopped.repo)).toHaveLength(dataset.blocksPerSlot - 1);
    stopped.close();
    world.content.unavailable.delete(requestId);
    const again = await startHost();
    expect(backend.network!.status().peerId).toBe(peerId);
    await until(async () => (await unproven(repo)).length === 0, 'the lost proofs fetched again', 30_000);
    world.content.unavailable.add(requestId);
    await fetchFromHost('requester-2', wanted, dataset);
    expect(again.codex.slotAgent(slotId)?.state).toBe('SaleProving');
  }, 120_000);
});
