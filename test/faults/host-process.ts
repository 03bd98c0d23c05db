// The headless host as its own process, the built one `npm run headless` runs (test/faults/build.ts
// builds it when the sources are newer), so a fault test can kill it, restart it at once, and read
// what it says.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brokenInvariants } from '../fakes/sales-invariants';
import { openTestStorage } from '../fakes/test-db';

const main = fileURLToPath(new URL('../../out/main/headless.js', import.meta.url));
/** A quiet market: nothing happens unless the test posts it. */
export const QUIET = ['--sim-rate', '0', '--sim-competitors', '0', '--sim-seed', '9'];

function launch(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A running host. */
export interface HostProcess {
  child: ChildProcess;
  origin: string;
  port: number;
  token: string;
  output(): string;
  /** Calls the REST api with the token; resolves with status and body. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }>;
  /** Sends `signal` and resolves with the exit code (or the signal's name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  /** The process's resident memory and open descriptors, from /proc. */
  usage(): { rssBytes: number; fds: number };
}

/** Starts `npm run headless` from the sources on `dataDir`, port 0, and waits for the ready line. */
export async function startHost(dataDir: string, extra: readonly string[] = QUIET): Promise<HostProcess> {
  const child = launch(['--data-dir', dataDir, '--port', '0', ...extra]);
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host not ready in 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /^Slotkeeper ready: (\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before it was ready:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token')!;
  return {
    child,
    origin: parsed.origin,
    port: Number(parsed.port),
    token,
    output: () => output,
    async call(method, path, body) {
      const response = await fetch(`${parsed.origin}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    },
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    usage() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const rssBytes = Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
      return { rssBytes, fds: readdirSync(`/proc/${child.pid}/fd`).length };
    },
  };
}

/** Runs the host with `args` expecting it to stop by itself; resolves with its exit code, stdout and stderr. */
export function runHost(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = launch(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

const du = (dir: string) =>
  BigInt(execFileSync('du', ['-s', '--block-size=1', dir], { encoding: 'utf8' }).split('\t')[0]!);

/**
 * The byte and collateral promises of a stopped host's folder, as a list of broken ones (empty when
 * all hold): every availability's bytes and collateral accounted for, and the quota's `used` equal
 * to what `du` reports for the repo.
 */
export function folderInvariants(dataDir: string): string[] {
  const storage = openTestStorage({ dataDir });
  try {
    const broken = brokenInvariants(storage.reservations, storage.repo);
    const used = storage.repo.quota().used;
    const onDisk = du(storage.repoDir);
    if (used !== onDisk) broken.push(`quota used ${used} ≠ du of the repo ${onDisk}`);
    return broken;
  } finally {
    storage.close();
  }
}
