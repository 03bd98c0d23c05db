import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackup } from '../../../src-main/storage/backup';
import { DataFolderBusyError, lockDataFolder } from '../../../src-main/storage/folder-lock';
import { openStorage } from '../../../src-main/storage/open-storage';
import { restoreBackup } from '../../../src-main/storage/restore';
import { tempDataDir } from '../../fakes/test-db';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const temp = () => {
  const t = tempDataDir();
  cleanups.push(t.remove);
  return t.dir;
};

const offer = { totalSize: 1_000_000n, duration: 60n, minPricePerBytePerSecond: 1n, totalCollateral: 7n };

/** A data folder with one availability, its storage still open (as a running host has it). */
function runningFolder() {
  const dataDir = temp();
  const storage = openStorage({ dataDir, quotaMaxBytes: 100_000_000n });
  cleanups.unshift(() => storage.close());
  storage.store.createAvailability(offer);
  writeFileSync(join(dataDir, 'wallet.json'), '{"address":"0x01"}', { mode: 0o600 });
  // The node's libp2p identity: losing it would change the peer id its slots were announced under.
  writeFileSync(join(dataDir, 'key'), 'libp2p-key-bytes', { mode: 0o600 });
  return { dataDir, storage };
}

/** Every file of a folder with its hash (what "nothing changed" compares). */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => statSync(join(dir, name)).isFile() && !/^slotkeeper(-lock|\.pid)/.test(name))
      .map((name) => [
        name,
        createHash('sha256')
          .update(readFileSync(join(dir, name)))
          .digest('hex'),
      ]),
  );
}

function availabilitiesIn(dataDir: string) {
  const storage = openStorage({ dataDir, quotaMaxBytes: 100_000_000n });
  try {
    return storage.store.listAvailabilities();
  } finally {
    storage.close();
  }
}

describe('backups', () => {
  it('back up a database that is open and being written, and restore it into an empty folder', async () => {
    const { dataDir, storage } = runningFolder();
    const file = join(temp(), 'b.tar');
    const writes = Array.from({ length: 20 }, () => storage.store.createAvailability(offer));
    const manifest = await createBackup(dataDir, file);
    storage.store.createAvailability(offer);
    expect(manifest.files.map((f) => f.name)).toEqual(['sales.sqlite', 'key', 'wallet.json']);
    expect(manifest).toMatchObject({ format: 'slotkeeper-backup', version: 1 });
    const target = join(temp(), 'restored');
    const result = await restoreBackup(target, file);
    expect(result.setAside).toBeUndefined();
    expect(availabilitiesIn(target)).toHaveLength(writes.length + 1);
    expect(readFileSync(join(target, 'wallet.json'), 'utf8')).toBe('{"address":"0x01"}');
    expect(readFileSync(join(target, 'key'), 'utf8')).toBe('libp2p-key-bytes');
    expect(statSync(join(target, 'sales.sqlite')).mode & 0o777).toBe(0o600);
  });

  it('write a tar any tar tool can list, manifest first', async () => {
    const { dataDir } = runningFolder();
    const file = join(temp(), 'b.tar');
    await createBackup(dataDir, file);
    expect(execFileSync('tar', ['tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual([
      'manifest.json',
      'sales.sqlite',
      'key',
      'wallet.json',
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('move the current files aside on restore, never deleting them', async () => {
    const { dataDir: source } = runningFolder();
    const file = join(temp(), 'b.tar');
    await createBackup(source, file);
    const { dataDir, storage } = runningFolder();
    storage.store.createAvailability(offer);
    storage.close();
    const before = contents(dataDir);
    const result = await restoreBackup(dataDir, file);
    const aside = contents(result.setAside!);
    for (const [name, hash] of Object.entries(before)) {
      if (/\.sqlite|wallet|^key$/.test(name)) expect(aside[name]).toBe(hash);
    }
    expect(availabilitiesIn(dataDir)).toHaveLength(1);
  });

  it.each([
    [
      'a flipped byte in a database',
      (b: Buffer) => void (b[b.indexOf('SQLite format 3') + 2000]! ^= 0xff),
      'does not match its SHA-256',
    ],
    ['a cut-short file', (b: Buffer) => b.subarray(0, b.length - 3000), 'ends'],
    [
      'a changed manifest',
      (b: Buffer) => void b.write('"version": 2', b.indexOf('"version": 1')),
      'manifest is not one this Slotkeeper reads',
    ],
    ['a broken header checksum', (b: Buffer) => void (b[0] = 'x'.charCodeAt(0)), 'fails its checksum'],
  ])('refuse a backup with %s, changing nothing', async (_case, spoil, message) => {
    const { dataDir: source } = runningFolder();
    const file = join(temp(), 'b.tar');
    await createBackup(source, file);
    const bytes = readFileSync(file);
    writeFileSync(file, spoil(bytes) ?? bytes);
    const { dataDir, storage } = runningFolder();
    storage.close();
    const before = contents(dataDir);
    await expect(restoreBackup(dataDir, file)).rejects.toThrow(message);
    await expect(restoreBackup(dataDir, file)).rejects.toThrow(/cannot be restored: .+\. Nothing was changed\.$/);
    expect(contents(dataDir)).toEqual(before);
  });

  it('refuse to restore into a folder a running host holds', async () => {
    const { dataDir: source } = runningFolder();
    const file = join(temp(), 'b.tar');
    await createBackup(source, file);
    const dataDir = temp();
    mkdirSync(join(dataDir, 'repo'));
    const lock = lockDataFolder(dataDir);
    try {
      await expect(restoreBackup(dataDir, file)).rejects.toThrow(DataFolderBusyError);
      expect(existsSync(join(dataDir, 'sales.sqlite'))).toBe(false);
    } finally {
      lock.release();
    }
  });
});
