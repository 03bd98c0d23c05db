// Slot fetch over Codex's block exchange (js-libp2p: TCP + Noise + mplex) from a provider in another
// process, against a raw TCP copy of the same 64 MiB slot from the same process in the same run.
// Both land in this (host) process and are discarded after arrival; the fetch also checks every
// block's CID and SHA-256 proof as a host must. Prints MiB/s and host CPU-seconds per 64 MiB, their
// ratios to the raw copy, each way's peak RSS (a fresh host process per way, blockexc-memory.ts) and
// its ratio to the raw copy's, and — with --profile — where the host's CPU time goes during one fetch.
// Run: npm run bench -- blockexc   (or add --profile after the file when running it directly)
import { spawn } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  BLOCKS,
  fetchSlot,
  hooks,
  libp2pCopy,
  rawCopy,
  spawnProvider,
  startBenchHost,
  type ProviderInfo,
} from './blockexc-transfers';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const MIB = BLOCKS / 16;
const memoryRun = fileURLToPath(new URL('./blockexc-memory.ts', import.meta.url));

interface Run {
  seconds: number;
  cpu: number;
  providerCpu: number;
}

/** CPU seconds the provider process has used so far. */
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

/** One way's memory run in its own process: RSS before its transfers and its peak, in bytes. */
function memory(way: string, info: ProviderInfo): Promise<{ before: number; peak: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings', '--import', hooks, memoryRun, way, JSON.stringify(info)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as { before: number; peak: number })
        : reject(new Error(`${way}: exit ${code}`)),
    );
  });
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

const providerProcess = await spawnProvider(
  process.argv.includes('--profile-provider') ? ['--cpu-prof', '--cpu-prof-dir=.cache/profiles'] : [],
);
const info = providerProcess.info;
provider.cpu = providerProcess.cpu;
const host = await startBenchHost(info);
try {
  const { node, peer, dataset, lent } = host;
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
  // Memory last, one fresh process per way, while this process idles: peaks are not shared.
  const mem: Record<string, { before: number; peak: number }> = {};
  for (const way of ['raw', 'libp2p', 'fetch', 'lent']) mem[way] = await memory(way, info);
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0).padStart(4);
  console.log(`peak RSS of a host process over 3 transfers of the slot, ratios against the raw TCP copy's:`);
  for (const [name, way] of [
    ['raw TCP copy', 'raw'],
    ['libp2p stream (no protocol)', 'libp2p'],
    ['block exchange, verified', 'fetch'],
    ['  … lending block buffers', 'lent'],
  ] as const) {
    const m = mem[way]!;
    console.log(
      `  ${name.padEnd(28)} peak ${mib(m.peak)} MiB ${(m.peak / mem.raw!.peak).toFixed(2)} ×  ` +
        `(${mib(m.before)} MiB before, +${mib(m.peak - m.before)} MiB)`,
    );
  }
  if (process.argv.includes('--profile')) await profile(() => fetchSlot(lent));
} finally {
  await host.stop();
  providerProcess.stop();
}
