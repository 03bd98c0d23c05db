// The blockexc benchmark's parts, shared by the benchmark and its memory runs (blockexc-memory.ts):
// the provider process, a host with a data source for slot 0, and the three ways the same 64 MiB
// slot reaches the host — a raw TCP copy, a bare libp2p stream, and the verified block exchange.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import type { SlotDataset } from '../src-main/engine/index';
import { BlockExchange } from '../src-main/network/exchange/exchange';
import { NetworkNode } from '../src-main/network/node/node';
import { CodexDataSource } from '../src-main/network/source/codex-source';
import { RAW_SLOT_PROTOCOL } from '../test/main/network/workers/raw-slot';

/** Blocks in the slot: 64 MiB. */
export const BLOCKS = 1024;
export const SLOT_BYTES = BLOCKS * 65_536;
export const hooks = fileURLToPath(new URL('../test/fakes/node-ts-hooks.mjs', import.meta.url));
const worker = fileURLToPath(new URL('../test/main/network/workers/provider-process.ts', import.meta.url));

/** What the provider process prints when it is ready. */
export interface ProviderInfo {
  readonly peerId: string;
  readonly multiaddr: string;
  readonly manifestCid: string;
  readonly rawPort: number;
}

/** The provider in its own process, serving a 2-slot dataset of 64 MiB slots. */
export async function spawnProvider(nodeFlags: readonly string[] = []) {
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      hooks,
      worker,
      '--blocks',
      String(BLOCKS),
      '--ec-k',
      '1',
      '--ec-m',
      '1',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const info = JSON.parse(
    await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (d: Buffer) => resolve(d.toString()));
      child.once('exit', (code) => reject(new Error(`the provider exited with ${code} before it was ready`)));
    }),
  ) as ProviderInfo;
  const lines: ((line: string) => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n').filter(Boolean)) lines.shift()?.(line);
  });
  return {
    info,
    /** CPU seconds the provider process has used so far (asked over its stdin). */
    cpu: () =>
      new Promise<number>((resolve) => {
        lines.push((line) => resolve((JSON.parse(line) as { cpu: number }).cpu));
        child.stdin!.write('cpu\n');
      }),
    stop: () => void child.stdin!.end(),
  };
}

/** A host asking the provider: its node, and slot 0 as a dataset, plain and lending buffers. */
export async function startBenchHost(info: ProviderInfo) {
  const node = await NetworkNode.start({
    privateKey: await generateKeyPair('secp256k1'),
    listenAddrs: ['/ip4/127.0.0.1/tcp/0'],
  });
  const exchange = new BlockExchange(node.libp2p);
  await exchange.start();
  const staticPeers = [{ peerId: info.peerId, multiaddr: info.multiaddr }];
  const source = new CodexDataSource(node, exchange, { staticPeers });
  // The benchmark's sink is done with a block when put resolves, so it may borrow the buffers.
  const lending = new CodexDataSource(node, exchange, { staticPeers, lendBlocks: true });
  const slot = {
    requestId: '0x01',
    slotIndex: 0n,
    request: { content: { cid: `0x${info.manifestCid}`, merkleRoot: '0x' }, ask: { slots: 2n, slotSize: 64n << 20n } },
  };
  return {
    node,
    peer: peerIdFromString(info.peerId),
    dataset: await source.dataset(slot as never, AbortSignal.timeout(30_000)),
    lent: await lending.dataset(slot as never, AbortSignal.timeout(30_000)),
    async stop() {
      await exchange.stop();
      await node.stop();
    },
  };
}

/** The slot over a plain TCP socket: the baseline. */
export function rawCopy(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (chunk) => (got += chunk.length));
    socket.on('end', () => (got === SLOT_BYTES ? resolve() : reject(new Error(`raw copy got ${got} bytes`))));
    socket.on('error', reject);
  });
}

/** The slot over the same libp2p stack (TCP + Noise + mplex) without the block exchange. */
export async function libp2pCopy(node: NetworkNode, peer: PeerId): Promise<void> {
  const stream = await node.libp2p.dialProtocol(peer, RAW_SLOT_PROTOCOL);
  stream.maxReadBufferLength = 64 << 20;
  let got = 0;
  await new Promise<void>((resolve, reject) => {
    const end = () => (got === SLOT_BYTES ? resolve() : reject(new Error(`libp2p copy got ${got} bytes`)));
    stream.addEventListener('message', (e) => {
      got += e.data.byteLength;
      if (got === SLOT_BYTES) resolve();
    });
    stream.addEventListener('remoteCloseWrite', end);
    stream.addEventListener('close', end);
  });
  await stream.close();
}

/** The slot through the block exchange, every block checked; the bytes are dropped on arrival. */
export async function fetchSlot(dataset: SlotDataset): Promise<void> {
  let got = 0;
  const all = Array.from({ length: BLOCKS }, (_, i) => i);
  await dataset.fetchBlocks(all, { put: async (_i, b) => void (got += b.length) }, AbortSignal.timeout(120_000));
  if (got !== SLOT_BYTES) throw new Error(`fetch got ${got} bytes`);
}
