// Bad files under the real host: a backup taken while it sells, a damaged database, a missing one,
// a read-only folder and a corrupted backup. Each refusal is one line on stderr with exit status 2
// and changes nothing; the backup brings the folder back, and the books balance at the end.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReadOnly } from '../fakes/read-only';
import { tempDataDir } from '../fakes/test-db';
import { folderInvariants, QUIET, runHost, startHost } from './host-process';

const temp = tempDataDir('sk-faults-');
afterAll(() => temp.remove());
const dataDir = join(temp.dir, 'data');
const backup = join(temp.dir, 'backup.tar');
const offer = { totalSize: 5_000_000, duration: 86_400, minPricePerBytePerSecond: '1', totalCollateral: '1000' };

/** The host's refusal: exit 2 and exactly one line, which must match `pattern`. */
async function refusedStart(pattern: RegExp): Promise<string> {
  const run = await runHost(['--data-dir', dataDir, '--port', '0', ...QUIET]);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  return lines[0]!;
}

const listing = () => readdirSync(dataDir).sort();

describe('bad files', () => {
  it('backs up a running host from another process, and refuses to restore into it', async () => {
    const host = await startHost(dataDir);
    let stopped = false;
    try {
      expect((await host.call('POST', '/api/codex/v1/sales/availability', offer)).status).toBe(201);
      const made = await runHost(['--data-dir', dataDir, '--backup', backup]);
      expect(made).toMatchObject({ code: 0, stderr: '' });
      // The node's identity (key) is backed up with the books: a restored host keeps its peer id.
      expect(made.stdout).toMatch(
        /^Backed up market\.sqlite, sales\.sqlite, key \(\d+ bytes\) from .+ to .+backup\.tar\.\n$/,
      );
      const refused = await runHost(['--data-dir', dataDir, '--restore', backup]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^slotkeeper: Another Slotkeeper \(process \d+\) is using the data folder/);
      expect((await host.call('POST', '/api/codex/v1/sales/availability', offer)).status).toBe(201);
      stopped = true;
      expect(await host.stop()).toBe(0);
    } finally {
      // A failed expectation must not leave the host holding the folder for the tests after it.
      if (!stopped) await host.stop();
    }
  }, 60_000);

  it('refuses to start on a database with random bytes in page 2, and names the way back', async () => {
    const fd = openSync(join(dataDir, 'sales.sqlite'), 'r+');
    writeSync(fd, randomBytes(4096), 0, 4096, 4096);
    closeSync(fd);
    const before = listing();
    await refusedStart(/^slotkeeper: The database .+sales\.sqlite is damaged \(.+\); .+ --restore FILE .+$/);
    expect(listing()).toEqual(before);
  }, 60_000);

  it('refuses a corrupted backup and changes nothing', async () => {
    const corrupted = join(temp.dir, 'corrupted.tar');
    const bytes = readFileSync(backup);
    bytes[bytes.length - 2048]! ^= 0x55;
    writeFileSync(corrupted, bytes);
    const before = listing();
    const run = await runHost(['--data-dir', dataDir, '--restore', corrupted]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot be restored: .+\. Nothing was changed\.\n$/);
    expect(listing()).toEqual(before);
  }, 60_000);

  it('restores the backup, setting the damaged files aside, and starts with the books of the backup', async () => {
    const run = await runHost(['--data-dir', dataDir, '--restore', backup]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const aside = /the files it replaced are in (\S+)\.\n$/.exec(run.stdout)![1]!;
    expect(readdirSync(aside)).toEqual(expect.arrayContaining(['sales.sqlite', 'market.sqlite']));
    const host = await startHost(dataDir);
    const listed = JSON.parse((await host.call('GET', '/api/codex/v1/sales/availability')).text) as unknown[];
    expect(listed).toHaveLength(1);
    expect(await host.stop()).toBe(0);
  }, 60_000);

  it('refuses to start with the sales database missing while the chain remains, creating nothing', async () => {
    const kept = readFileSync(join(dataDir, 'sales.sqlite'));
    rmSync(join(dataDir, 'sales.sqlite'));
    await refusedStart(/^slotkeeper: The sales database .+ is missing, but this folder still holds the market's chain/);
    expect(existsSync(join(dataDir, 'sales.sqlite'))).toBe(false);
    writeFileSync(join(dataDir, 'sales.sqlite'), kept, { mode: 0o600 });
  }, 60_000);

  it('refuses a read-only data folder in one line', async (context) => {
    const readOnly = makeReadOnly(dataDir);
    if (!readOnly.ok) {
      process.stdout.write(`read-only data folder case skipped: ${readOnly.reason}\n`);
      return context.skip(readOnly.reason);
    }
    try {
      await refusedStart(/^slotkeeper: The data folder .+ cannot be written \(.+\); .+nothing was changed\.$/);
    } finally {
      readOnly.undo();
    }
  }, 60_000);

  it('ends with every byte and collateral unit of the folder accounted for', () => {
    expect(folderInvariants(dataDir)).toEqual([]);
  });
});
