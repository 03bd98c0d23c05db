// A market's circuit files as the proof system sees them, against a real HTTP server on 127.0.0.1:
// missing files start a download whose progress readiness reports, a failed download is reported
// and tried again only after its pause, and --circuit-dir is never downloaded into.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProofReadiness } from '../../../../src-main/engine/index';
import {
  CircuitNotReadyError,
  installedCircuitDir,
  MarketCircuit,
  type CircuitProgress,
  type MarketCircuitOptions,
} from '../../../../src-main/proofs/circuits';
import { startArchiveServer, type ArchiveServer } from '../../../support/archive-server';
import { circuitArchive } from '../../../support/circuit-archive';
import { devnetCircuit } from '../../../support/devnet-circuit';

let server: ArchiveServer;
let archive: Buffer;
let zkeyHash: string;
let dataDir: string;
let circuit: MarketCircuit | undefined;

beforeAll(async () => {
  ({ archive, zkeyHash } = await circuitArchive((await devnetCircuit()).dir));
  server = await startArchiveServer();
}, 180_000);
afterAll(() => server?.close());
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'slotkeeper-market-circuit-'));
  server.archives.clear();
  server.requests.length = 0;
  for (const key of Object.keys(server.faults)) delete server.faults[key as keyof typeof server.faults];
});
afterEach(async () => {
  await circuit?.close();
  circuit = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

function open(extra: Partial<MarketCircuitOptions> = {}): MarketCircuit {
  circuit = new MarketCircuit({
    dataDir,
    zkeyHash,
    baseUrl: server.baseUrl,
    retryDelayMs: 0,
    idleTimeoutMs: 2_000,
    ...extra,
  });
  return circuit;
}

/** Waits for the next change the circuit reports, then reads readiness. */
async function afterChange(c: MarketCircuit, until: (r: ProofReadiness) => boolean): Promise<ProofReadiness> {
  for (let i = 0; i < 200; i++) {
    const r = await c.readiness();
    if (until(r)) return r;
    await new Promise<void>((resolve) => {
      const stop = c.onChange(() => (stop(), resolve()));
      setTimeout(() => (stop(), resolve()), 50);
    });
  }
  throw new Error('readiness never reached the expected state');
}

describe('MarketCircuit', () => {
  it('downloads missing files on demand, reporting progress as readiness, and is ready once installed', async () => {
    server.archives.set(zkeyHash, archive);
    // The first response is cut: progress is seen below the total before the resumed download ends.
    server.faults.cutAfter = 200_000;
    const seen: CircuitProgress[] = [];
    const c = open({ onProgress: (p) => seen.push(p) });
    const first = await c.readiness();
    expect(first).toMatchObject({ ready: false, progress: { phase: 'downloading', bytesDone: 0 } });
    if (first.ready) return;
    expect(first.reason).toContain(`${server.baseUrl}${zkeyHash}`);
    await expect(c.files()).rejects.toBeInstanceOf(CircuitNotReadyError);
    expect(await afterChange(c, (r) => r.ready)).toEqual({ ready: true });
    const partial = seen.find((p) => p.phase === 'downloading' && p.bytesDone > 0 && p.bytesDone < archive.length);
    expect(partial?.bytesTotal).toBe(archive.length);
    expect(seen.at(-1)).toMatchObject({ phase: 'installed', bytesDone: archive.length });
    expect((await c.files()).zkey).toBe(join(installedCircuitDir(dataDir, zkeyHash), 'proof_main.zkey'));
    expect(server.requests.length).toBe(2);
  });

  it('reports a failed download with what to do, and tries again only after its pause', async () => {
    let now = 1_000_000;
    const c = open({ now: () => now, retryAfterMs: 60_000 });
    await c.readiness();
    const failed = await afterChange(c, (r) => !r.ready && r.progress === undefined);
    expect(failed).toMatchObject({ ready: false });
    if (failed.ready) return;
    expect(failed.reason).toMatch(/tries the download again in 60 s/);
    expect(server.requests.length).toBe(1);
    now += 30_000;
    expect(await c.readiness()).toMatchObject({ ready: false, reason: expect.stringMatching(/again in 30 s/) });
    expect(server.requests.length).toBe(1);
    server.archives.set(zkeyHash, archive);
    now += 30_001;
    expect(await c.readiness()).toMatchObject({ progress: { phase: 'downloading' } });
    expect(await afterChange(c, (r) => r.ready)).toEqual({ ready: true });
    expect(server.requests.length).toBe(2);
  });

  it('never downloads into --circuit-dir: a folder without the files is not ready, saying what to put there', async () => {
    server.archives.set(zkeyHash, archive);
    const empty = join(dataDir, 'mine');
    const r = await open({ circuitDir: empty }).readiness();
    expect(r).toMatchObject({ ready: false, reason: expect.stringContaining(`${empty} (--circuit-dir) lacks`) });
    expect(server.requests).toEqual([]);
  });
});
