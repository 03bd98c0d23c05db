// A full disk, for real: the built host sells from a data folder on a small tmpfs, and the disk is
// filled to the last byte while a request arrives. The host must not crash or spin: it keeps
// answering, takes no slot it cannot store, and sells again once space returns; the folder at rest
// keeps every byte and collateral promise. Needs a tmpfs mount (root in a container); skipped with
// the reason where the machine does not allow it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderInvariants, QUIET, startHost, type HostProcess } from './host-process';

const mountPoint = mkdtempSync(join(tmpdir(), 'sk-disk-'));
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m,mode=0700', 'tmpfs', mountPoint], { stdio: 'pipe' });
    return { ok: true as const };
  } catch (error) {
    return { ok: false as const, reason: `cannot mount a tmpfs here (${String(error).split('\n')[0]})` };
  }
})();
afterAll(() => {
  if (mounted.ok) execFileSync('umount', ['-l', mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

const filler = join(mountPoint, 'filler');
const dataDir = join(mountPoint, 'data');

async function post(host: HostProcess, path: string, body: unknown): Promise<string> {
  const answer = await host.call('POST', path, body);
  if (answer.status >= 300) throw new Error(`POST ${path}: ${answer.status} ${answer.text}`);
  return answer.text;
}

const request = {
  slots: 2,
  slotSize: 262_144,
  duration: 86_400,
  pricePerBytePerSecond: '10',
  collateralPerByte: '1',
  proofProbability: '100',
  maxSlotLoss: 1,
  expiry: 3_600,
};

async function advance(host: HostProcess, seconds: number): Promise<void> {
  await post(host, '/api/devnet/v1/clock/advance', { seconds });
}

async function activeSlots(host: HostProcess): Promise<number> {
  const answer = await host.call('GET', '/api/codex/v1/sales/slots');
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.text) as unknown[]).length;
}

async function until(condition: () => Promise<boolean>, what: string, host: HostProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 60 s:\n${host.output().slice(-4000)}`);
    await advance(host, 10);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a full disk under the real host', () => {
  it('keeps answering, takes nothing it cannot store, and sells again once space returns', async (context) => {
    if (!mounted.ok) {
      process.stdout.write(`full-disk case skipped: ${mounted.reason}\n`);
      return context.skip(mounted.reason);
    }
    mkdirSync(dataDir, { mode: 0o700 });
    const host = await startHost(dataDir, [...QUIET, '--quota', '20000000']);
    let stopped: number | string | undefined;
    try {
      await post(host, '/api/codex/v1/sales/availability', {
        totalSize: 8_000_000,
        duration: 2_592_000,
        minPricePerBytePerSecond: '1',
        totalCollateral: '1000000000000000',
      });
      await post(host, '/api/devnet/v1/requests', request);
      await until(async () => (await activeSlots(host)) === 2, 'filling the first two slots', host);

      // A filler file leaves 160 KiB: room for the databases' small writes (the simulated chain lives
      // on this disk too), none for two more slots of 256 KiB.
      const { bavail, bsize } = statfsSync(mountPoint);
      execFileSync('fallocate', ['-l', String(bavail * bsize - 160 * 1024), filler]);
      await post(host, '/api/devnet/v1/requests', request);
      for (let i = 0; i < 12; i++) await advance(host, 10);
      expect(host.child.exitCode).toBeNull();
      expect(await activeSlots(host)).toBe(2);
      expect((await host.call('GET', '/api/codex/v1/space')).status).toBe(200);

      rmSync(filler);
      await post(host, '/api/devnet/v1/requests', request);
      await until(async () => (await activeSlots(host)) >= 4, 'selling again after space returned', host);
    } catch (error) {
      throw new Error(`${String(error)}; the host said:\n${host.output().slice(-3000)}`, { cause: error });
    } finally {
      rmSync(filler, { force: true });
      stopped = await host.stop('SIGTERM');
    }
    expect({ stopped, output: stopped === 0 ? '' : host.output().slice(-3000) }).toEqual({ stopped: 0, output: '' });
    expect(folderInvariants(dataDir)).toEqual([]);
  }, 180_000);
});
