// The whole data plane against a provider in another process, over real TCP on loopback: a 64 MiB
// slot (1,024 blocks) is fetched, each block proven against the dataset tree, in two halves as a
// resumed download would, and the bytes must hash to what the provider says it serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hex, sha256 } from '../../../src-main/network/ids/cid';
import { range, startTestHost, type TestHost } from './helpers/network';

const hooks = fileURLToPath(new URL('../../fakes/node-ts-hooks.mjs', import.meta.url));
const worker = fileURLToPath(new URL('./workers/provider-process.ts', import.meta.url));

interface ProviderInfo {
  multiaddr: string;
  peerId: string;
  manifestCid: string;
  slots: number;
  blocksPerSlot: number;
  slotDigests: string[];
}

let child: ChildProcess | undefined;
let info: ProviderInfo;
let host: TestHost;

beforeAll(async () => {
  const proc = spawn(
    process.execPath,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      hooks,
      worker,
      '--blocks',
      '1024',
      '--ec-k',
      '1',
      '--ec-m',
      '1',
      '--max-seconds',
      '300',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child = proc;
  let errors = '';
  proc.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  info = await new Promise<ProviderInfo>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as ProviderInfo);
    });
    proc.on('exit', (code) => reject(new Error(`provider exited with ${code}: ${errors}`)));
  });
  host = await startTestHost([{ peerId: info.peerId, multiaddr: info.multiaddr }], {
    timings: { giveUpMs: 30_000, activityTimeoutMs: 20_000 },
  });
}, 60_000);

afterAll(async () => {
  await host?.stop();
  child?.stdin?.end();
  child?.kill();
});

describe('a slot from a provider in another process', () => {
  it('arrives whole and verified, in two resumed halves', async () => {
    const slot = {
      requestId: '0x01',
      slotIndex: 0n,
      request: {
        content: { cid: '0x' + info.manifestCid, merkleRoot: '0x' },
        ask: { slots: BigInt(info.slots), slotSize: 64n << 20n },
      },
    };
    const dataset = await host.source.dataset(slot as never, AbortSignal.timeout(20_000));
    expect(dataset.blockCount).toBe(1024);
    const blocks: Uint8Array[] = [];
    const sink = { put: async (i: number, b: Uint8Array) => void (blocks[i] = b) };
    await dataset.fetchBlocks(range(512), sink, AbortSignal.timeout(60_000));
    expect(blocks.filter(Boolean)).toHaveLength(512);
    await dataset.fetchBlocks(range(1024).slice(512), sink, AbortSignal.timeout(60_000));
    expect(hex(sha256(...blocks))).toBe(info.slotDigests[0]);
  }, 120_000);
});
