// Slot fetch over Codex's block exchange (js-libp2p: TCP + Noise + mplex) from a provider in another
// process, against a raw TCP copy of the same 64 MiB slot from the same process in the same run.
// Both land in this (host) process and are discarded after arrival; the fetch also checks every
// block's CID and SHA-256 proof as a host must. Prints MiB/s and host CPU-seconds per 64 MiB, their
// ratios to the raw copy, and — with --profile — where the host's CPU time goes during one fetch.
// Run: npm run bench -- blockexc   (or add --profile after the file when running it directly)
import { spawn } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { BlockExchange } from '../src-main/network/exchange/exchange';
import { NetworkNode } from '../src-main/network/node/node';
import { CodexDataSource } from '../src-main/network/source/codex-source';
import type { SlotDataset } from '../src-main/engine/index';
import { RAW_SLOT_PROTOCOL } from '../test/main/network/workers/raw-slot';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const BLOCKS = 1024;
const MIB = BLOCKS / 16;
const hooks = fileURLToPath(new URL('../test/fakes/node-ts-hooks.mjs', import.meta.url));
const worker = fileURLToPath(new URL('../test/main/network/workers/provider-process.ts', import.meta.url));

interface Run {
  seconds: number;
  cpu: number;
  providerCpu: number;
}

/** CPU seconds the provider process has used so far (asked over its stdin). */
const provider = { cpu: async (): Promise<number> => 0 };

async function measure(fn: () => Promise<void>): Promise<Run> {
  const p0 = await provider.cpu();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, cpu: (c.user + c.system) / 1e6, providerCpu: (await provider.cpu()) - p0 };
}

function rawCopy(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (chunk) => (got += chunk.length));
    socket.on('end', () => (got === BLOCKS * 65_536 ? resolve() : reject(new Error(`raw copy got ${got} bytes`))));
    socket.on('error', reject);
  });
}

async function libp2pCopy(node: NetworkNode, peer: PeerId): Promise<void> {
  const stream = await node.libp2p.dialProtocol(peer, RAW_SLOT_PROTOCOL);
  stream.maxReadBufferLength = 64 << 20;
  let got = 0;
  await new Promise<void>((resolve, reject) => {
    const end = () => (got === BLOCKS * 65_536 ? resolve() : reject(new Error(`libp2p copy got ${got} bytes`)));
    stream.addEventListener('message', (e) => {
      got += e.data.byteLength;
      if (got === BLOCKS * 65_536) resolve();
    });
    stream.addEventListener('remoteCloseWrite', end);
    stream.addEventListener('close', end);
  });
  await stream.close();
}

async function fetchSlot(dataset: SlotDataset): Promise<void> {
  let got = 0;
  const all = Array.from({ length: BLOCKS }, (_, i) => i);
  await dataset.fetchBlocks(all, { put: async (_i, b) => void (got += b.length) }, AbortSignal.timeout(120_000));
  if (got !== BLOCKS * 65_536) throw new Error(`fetch got ${got} bytes`);
}

async function profile(fn: () => Promise<void>): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await fn();
  const { profile: p } = await session.post('Profiler.stop');
  session.disconnect();
  const self = new Map<string, number>();
  const dt = new Map<number, number>();
  p.samples!.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (p.timeDeltas![i] ?? 0)));
  let total = 0;
  for (const node of p.nodes) {
    const t = dt.get(node.id) ?? 0;
    if (node.callFrame.functionName === '(idle)') continue;
    total += t;
    const url = node.callFrame.url;
    const fn = process.argv.includes('--by-function')
      ? ` ${node.callFrame.functionName}:${node.callFrame.lineNumber}`
      : '';
    const where0 = url.includes('/node_modules/')
      ? url
          .split('/node_modules/')
          .pop()!
          .split('/')
          .slice(0, url.includes('/@') ? 2 : 1)
          .join('/')
      : url.includes('/src-main/')
        ? `src-main/${url.split('/src-main/').pop()}`
        : url.startsWith('node:')
          ? `${url} ${node.callFrame.functionName}`
          : node.callFrame.functionName || '(native)';
    const where = where0 + fn;
    self.set(where, (self.get(where) ?? 0) + t);
  }
  console.log(`\nwhere the host's ${(total / 1e6).toFixed(2)} CPU-s of one fetch go (self time, idle excluded):`);
  for (const [where, t] of [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, process.argv.includes('--by-function') ? 40 : 18))
    console.log(`  ${((100 * t) / total).toFixed(1).padStart(5)} %  ${where}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const providerProfile = process.argv.includes('--profile-provider')
  ? ['--cpu-prof', '--cpu-prof-dir=.cache/profiles']
  : [];
const child = spawn(
  process.execPath,
  [
    ...providerProfile,
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
  await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString()))),
) as { peerId: string; multiaddr: string; manifestCid: string; rawPort: number };
const lines: ((line: string) => void)[] = [];
child.stdout!.on('data', (d: Buffer) => {
  for (const line of d.toString().split('\n').filter(Boolean)) lines.shift()?.(line);
});
provider.cpu = () =>
  new Promise<number>((resolve) => {
    lines.push((line) => resolve((JSON.parse(line) as { cpu: number }).cpu));
    child.stdin!.write('cpu\n');
  });
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
try {
  const slot = {
    requestId: '0x01',
    slotIndex: 0n,
    request: { content: { cid: `0x${info.manifestCid}`, merkleRoot: '0x' }, ask: { slots: 2n, slotSize: 64n << 20n } },
  };
  const dataset = await source.dataset(slot as never, AbortSignal.timeout(30_000));
  const lent = await lending.dataset(slot as never, AbortSignal.timeout(30_000));
  const peer = peerIdFromString(info.peerId);
  // Warm-up: JIT, connection, proofs cached on the provider.
  await fetchSlot(dataset);
  await rawCopy(info.rawPort);
  await libp2pCopy(node, peer);
  await fetchSlot(lent);
  const runs: Record<string, Run[]> = { raw: [], libp2p: [], fetch: [], lent: [] };
  for (let r = 0; r < ROUNDS; r++) {
    runs.raw!.push(await measure(() => rawCopy(info.rawPort)));
    runs.libp2p!.push(await measure(() => libp2pCopy(node, peer)));
    runs.fetch!.push(await measure(() => fetchSlot(dataset)));
    runs.lent!.push(await measure(() => fetchSlot(lent)));
  }
  const rate = (k: string) => MIB / median(runs[k]!.map((r) => r.seconds));
  const cpu = (k: string) => median(runs[k]!.map((r) => r.cpu));
  const best = (k: string) => Math.min(...runs[k]!.map((r) => r.cpu));
  const pcpu = (k: string) => median(runs[k]!.map((r) => r.providerCpu));
  const line = (name: string, k: string) =>
    console.log(
      `  ${name.padEnd(28)} ${rate(k).toFixed(1).padStart(6)} MiB/s ${(rate(k) / rate('raw')).toFixed(2)} ×  ` +
        `host ${cpu(k).toFixed(2)} CPU-s (best ${best(k).toFixed(2)}) ${(cpu(k) / cpu('raw')).toFixed(1)} ×  ` +
        `provider ${pcpu(k).toFixed(2)} CPU-s`,
    );
  console.log(`${MIB} MiB slot, ${ROUNDS} rounds, medians; ratios against the raw TCP copy:`);
  line('raw TCP copy', 'raw');
  line('libp2p stream (no protocol)', 'libp2p');
  line('block exchange, verified', 'fetch');
  line('  … lending block buffers', 'lent');
  for (const k of ['fetch', 'lent'])
    console.log(
      `  ${k === 'fetch' ? 'block exchange' : '… lending'} vs the bare libp2p stream: ` +
        `${(rate(k) / rate('libp2p')).toFixed(2)} × the speed, ${(cpu(k) / cpu('libp2p')).toFixed(2)} × the CPU`,
    );
  const met = rate('lent') >= 60 && cpu('lent') <= 0.5;
  console.log(
    `  goal ≥ 60 MiB/s and ≤ 0.5 CPU-s per 64 MiB: ${met ? 'met' : 'not met'} (load average ${loadavg()[0]!.toFixed(1)})`,
  );
  if (process.argv.includes('--profile')) await profile(() => fetchSlot(lent));
} finally {
  await exchange.stop();
  await node.stop();
  child.stdin!.end();
}
