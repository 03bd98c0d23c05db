// ensureCircuit against a real HTTP server on 127.0.0.1 serving real tar.gz archives of the toy
// circuit (made by GNU tar as Codex's CI makes them) and hostile ones.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  circuitsRoot,
  ensureCircuit,
  installedCircuitDir,
  type CircuitLocation,
  type CircuitProgress,
  type EnsureCircuitOptions,
} from '../../../../src-main/proofs/circuits';
import { startArchiveServer, type ArchiveServer } from '../../../support/archive-server';
import { gnuTarGz, tarGz, type TarItem } from '../../../support/tar-writer';
import { toyCircuit, type ToyCircuit } from '../../../support/toy-circuit';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let toy: ToyCircuit;
let server: ArchiveServer;
let scratch: string;
let good: Buffer;
let goodHash: string;
let dataDir: string;
let toyFiles: TarItem[];

beforeAll(async () => {
  toy = await toyCircuit();
  server = await startArchiveServer();
  scratch = await mkdtemp(join(tmpdir(), 'slotkeeper-circuits-'));
  const dir = join(scratch, 'archive');
  await mkdir(dir);
  for (const f of ['proof_main.wasm', 'proof_main.zkey', 'proof_main_verification_key.json', 'proof_main.r1cs'])
    await copyFile(join(toy.dir, f), join(dir, f));
  // Codex's archive also holds the witness graph; an entry nobody keeps, and bulk for the resume tests.
  await writeFile(join(dir, 'proof_main.bin'), randomBytes(256 * 1024));
  await gnuTarGz(dir, join(scratch, 'good.tar.gz'));
  good = await readFile(join(scratch, 'good.tar.gz'));
  goodHash = sha256(good);
  toyFiles = await Promise.all(
    ['proof_main.wasm', 'proof_main.zkey', 'proof_main_verification_key.json'].map(async (name) => ({
      name,
      data: await readFile(join(toy.dir, name)),
    })),
  );
});

afterAll(async () => {
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  dataDir = await mkdtemp(join(scratch, 'data-'));
  server.archives.clear();
  server.archives.set(goodHash, good);
  server.requests.length = 0;
  for (const key of Object.keys(server.faults)) delete server.faults[key as keyof typeof server.faults];
});

function options(extra: Partial<EnsureCircuitOptions> = {}): EnsureCircuitOptions {
  return { dataDir, zkeyHash: goodHash, baseUrl: server.baseUrl, retryDelayMs: 0, idleTimeoutMs: 2_000, ...extra };
}

function problemOf(location: CircuitLocation) {
  if (location.ok) throw new Error('expected a circuit problem');
  return location.problem;
}

/** What is left in DATA/circuits (nothing but installed folders after success, nothing at all after a rejection). */
async function circuitsFolder(): Promise<string[]> {
  return existsSync(circuitsRoot(dataDir)) ? (await readdir(circuitsRoot(dataDir))).sort() : [];
}

/** Serves a hostile archive under its own true hash, so only the unpacking can stop it. */
function serve(archive: Buffer): string {
  const hash = sha256(archive);
  server.archives.set(hash, archive);
  return hash;
}

describe('ensureCircuit', () => {
  it('downloads, checks and installs the archive of the zkeyHash, reporting progress up to installed', async () => {
    const events: CircuitProgress[] = [];
    const found = await ensureCircuit(options({ onProgress: (p) => events.push(p) }));
    expect(found).toMatchObject({ ok: true, source: 'data-dir', dir: installedCircuitDir(dataDir, goodHash) });
    if (!found.ok) return;
    expect(await readFile(found.files.zkey)).toEqual(await readFile(toy.files.zkey));
    expect((await readdir(found.dir)).sort()).toEqual([
      'proof_main.wasm',
      'proof_main.zkey',
      'proof_main_verification_key.json',
    ]);
    expect(await circuitsFolder()).toEqual([goodHash]);
    const last = events.at(-1);
    expect(last).toMatchObject({ phase: 'installed', bytesDone: good.length, bytesTotal: good.length });
    const downloading = events.filter((e) => e.phase === 'downloading').map((e) => e.bytesDone);
    expect(downloading.length).toBeGreaterThan(0);
    expect([...downloading].sort((a, b) => a - b)).toEqual(downloading);
    expect(events.every((e) => e.url === `${server.baseUrl}${goodHash}`)).toBe(true);

    const again = await ensureCircuit(options());
    expect(again.ok).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('resumes an interrupted download with a Range request and keeps the bytes it had', async () => {
    server.faults.cutAfter = 100_000;
    const first = await ensureCircuit(options({ attempts: 1 }));
    expect(problemOf(first).code).toBe('download-failed');
    expect(problemOf(first).message).toContain('resumes on the next try');
    const part = join(circuitsRoot(dataDir), `${goodHash}.tar.gz.part`);
    const kept = (await stat(part)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(100_000);
    expect(existsSync(installedCircuitDir(dataDir, goodHash))).toBe(false);

    const second = await ensureCircuit(options());
    expect(second.ok).toBe(true);
    expect(server.requests.map((r) => r.range)).toEqual([undefined, `bytes=${kept}-`]);
    expect(existsSync(part)).toBe(false);
  });

  it('retries a cut download within one call, resuming each time', async () => {
    server.faults.cutAfter = 60_000;
    server.faults.cuts = 2;
    const found = await ensureCircuit(options({ attempts: 3 }));
    expect(found.ok).toBe(true);
    const ranges = server.requests.map((r) => r.range);
    expect(ranges).toHaveLength(3);
    expect(ranges[0]).toBeUndefined();
    const [from1, from2] = ranges.slice(1).map((r) => Number(/^bytes=(\d+)-$/.exec(r ?? '')?.[1]));
    expect(from1).toBeGreaterThan(0);
    expect(from2).toBeGreaterThan(from1 as number);
  });

  it('starts over cleanly when the server ignores Range', async () => {
    server.faults.cutAfter = 80_000;
    expect((await ensureCircuit(options({ attempts: 1 }))).ok).toBe(false);
    server.faults.ignoreRange = true;
    const found = await ensureCircuit(options());
    expect(found.ok).toBe(true);
    expect(server.requests.map((r) => r.range)).toEqual([undefined, expect.stringMatching(/^bytes=[1-9]\d*-$/)]);
    if (found.ok) expect(await readFile(found.files.zkey)).toEqual(await readFile(toy.files.zkey));
  });

  it('rejects an archive whose SHA-256 is not the zkeyHash and installs nothing', async () => {
    const claimed = sha256(Buffer.from('another circuit'));
    server.archives.set(claimed, good);
    const found = await ensureCircuit(options({ zkeyHash: claimed }));
    const problem = problemOf(found);
    expect(problem.code).toBe('hash-mismatch');
    expect(problem.message).toContain(`SHA-256 ${goodHash}`);
    expect(problem.message).toContain(claimed);
    expect(await circuitsFolder()).toEqual([]);
  });

  it('downloads afresh once when resumed bytes turn out stale, then installs', async () => {
    await mkdir(circuitsRoot(dataDir), { recursive: true });
    await writeFile(join(circuitsRoot(dataDir), `${goodHash}.tar.gz.part`), randomBytes(5_000));
    const found = await ensureCircuit(options());
    expect(found.ok).toBe(true);
    expect(server.requests.map((r) => r.range)).toEqual(['bytes=5000-', undefined]);
  });

  it.each([
    ['a path climbing out with ..', [{ name: '../../escaped', data: Buffer.from('x') }]],
    ['an absolute path', [{ name: '/tmp/slotkeeper-escaped', data: Buffer.from('x') }]],
    ['a symbolic link', [{ name: 'proof_main.zkey', type: '2', linkname: '/etc/passwd' }]],
  ] as [string, TarItem[]][])('refuses an archive with %s and writes nothing', async (_what, hostile) => {
    const hash = serve(tarGz([...toyFiles, ...hostile]));
    const problem = problemOf(await ensureCircuit(options({ zkeyHash: hash })));
    expect(problem.code).toBe('bad-archive');
    expect(problem.message).toContain('was not installed');
    expect(await circuitsFolder()).toEqual([]);
    expect(existsSync(join(dataDir, 'escaped'))).toBe(false);
    expect(existsSync('/tmp/slotkeeper-escaped')).toBe(false);
  });

  it('refuses archives that lack a file, hold files of two setups, or are not gzip', async () => {
    const noZkey = serve(tarGz(toyFiles.filter((f) => f.name !== 'proof_main.zkey')));
    expect(problemOf(await ensureCircuit(options({ zkeyHash: noZkey }))).message).toContain('lacks proof_main.zkey');

    const vk = JSON.parse(String(toyFiles[2]?.data)) as Record<string, unknown>;
    vk.vk_delta_2 = vk.vk_gamma_2;
    const otherVk = { name: 'proof_main_verification_key.json', data: Buffer.from(JSON.stringify(vk)) };
    const mixed = serve(tarGz([toyFiles[0] as TarItem, toyFiles[1] as TarItem, otherVk]));
    expect(problemOf(await ensureCircuit(options({ zkeyHash: mixed }))).message).toContain('another setup');

    const notGzip = serve(Buffer.from('just text, no archive'));
    expect(problemOf(await ensureCircuit(options({ zkeyHash: notGzip }))).message).toContain('not gzip');
    expect(await circuitsFolder()).toEqual([]);
  });

  it('says clearly when the server has no archive for the zkeyHash (404)', async () => {
    const missing = sha256(Buffer.from('nobody has this'));
    const problem = problemOf(await ensureCircuit(options({ zkeyHash: missing })));
    expect(problem.code).toBe('not-found');
    expect(problem.message).toContain(`${server.baseUrl}${missing}`);
    expect(problem.message).toContain('HTTP 404');
    expect(problem.message).toContain('--circuit-dir');
  });

  it('gives up on a stalled server after the idle timeout, keeping what arrived', async () => {
    server.faults.stallAfter = 50_000;
    const problem = problemOf(await ensureCircuit(options({ attempts: 1, idleTimeoutMs: 300 })));
    expect(problem.code).toBe('download-failed');
    expect(problem.message).toContain('no data');
    expect((await stat(join(circuitsRoot(dataDir), `${goodHash}.tar.gz.part`))).size).toBe(50_000);
  });

  it('refuses an archive larger than the limit before writing it', async () => {
    const problem = problemOf(await ensureCircuit(options({ limits: { maxArchiveBytes: 10_000 } })));
    expect(problem.code).toBe('too-large');
    expect(await circuitsFolder()).toEqual([]);
  });

  it('stops when cancelled and keeps what arrived for the next try', async () => {
    server.faults.stallAfter = 30_000;
    const controller = new AbortController();
    const pending = ensureCircuit(
      options({
        signal: controller.signal,
        onProgress: (p) => p.bytesDone > 0 && controller.abort(),
      }),
    );
    expect(problemOf(await pending).code).toBe('cancelled');
    delete server.faults.stallAfter;
    expect((await ensureCircuit(options())).ok).toBe(true);
    expect(server.requests.map((r) => r.range)).toEqual([undefined, expect.stringMatching(/^bytes=[1-9]\d*-$/)]);
  });

  it('replaces a damaged installed circuit by downloading it again', async () => {
    expect((await ensureCircuit(options())).ok).toBe(true);
    await writeFile(join(installedCircuitDir(dataDir, goodHash), 'proof_main.wasm'), 'not wasm');
    const found = await ensureCircuit(options());
    expect(found.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(await circuitsFolder()).toEqual([goodHash]);
  });

  it('downloads once for concurrent callers', async () => {
    const [a, b] = await Promise.all([ensureCircuit(options()), ensureCircuit(options())]);
    expect(a.ok && b.ok).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a data directory it cannot write to as such, not as a network problem', async () => {
    await writeFile(circuitsRoot(dataDir), 'a file where the circuits folder should be');
    const problem = problemOf(await ensureCircuit(options()));
    expect(problem.code).toBe('storage-failed');
    expect(problem.message).toContain(`Writing the circuit files under ${circuitsRoot(dataDir)} failed`);
  });

  it('never downloads for a malformed zkeyHash or when --circuit-dir is given', async () => {
    const bad = problemOf(await ensureCircuit(options({ zkeyHash: '../../etc' })));
    expect(bad.code).toBe('bad-zkey-hash');
    const dir = problemOf(await ensureCircuit(options({ circuitDir: join(scratch, 'no-such-dir') })));
    expect(dir.code).toBe('missing');
    expect(server.requests).toHaveLength(0);
  });
});
