import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPrivateFile,
  ensurePrivateFolder,
  tightenDataFolder,
  writePrivateFile,
} from '../../../src-main/storage/private-files';
import { tempDataDir } from '../../fakes/test-db';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const mode = (path: string) => statSync(path).mode & 0o777;
const temp = () => {
  const t = tempDataDir();
  cleanups.push(t.remove);
  return t.dir;
};

describe('private files', () => {
  it('creates a data folder only its owner can enter', () => {
    const dir = join(temp(), 'a', 'data');
    expect(ensurePrivateFolder(dir)).toBeUndefined();
    expect(mode(dir)).toBe(0o700);
  });

  it('tightens an existing folder others could read, and says so', () => {
    const dir = join(temp(), 'open');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    expect(ensurePrivateFolder(dir)).toContain('was readable by other accounts (mode 755); it is now 0700');
    expect(mode(dir)).toBe(0o700);
    expect(ensurePrivateFolder(dir)).toBeUndefined();
  });

  it('writes and creates files 0600, tightening one that was 0644', () => {
    const dir = temp();
    writeFileSync(join(dir, 'token'), 'old', { mode: 0o644 });
    writePrivateFile(join(dir, 'token'), 'new');
    createPrivateFile(join(dir, 'empty.sqlite'));
    expect([mode(join(dir, 'token')), mode(join(dir, 'empty.sqlite'))]).toEqual([0o600, 0o600]);
  });

  it('tightens databases with their -wal and -shm, settings, tokens, keys and logs, but leaves slot data', () => {
    const dir = temp();
    chmodSync(dir, 0o755);
    const loose = [
      'sales.sqlite',
      'sales.sqlite-wal',
      'sales.sqlite-shm',
      'settings.json',
      'headless-token',
      'wallet.json',
      'node.key',
    ];
    for (const name of loose) writeFileSync(join(dir, name), 'x', { mode: 0o644 });
    mkdirSync(join(dir, 'logs'), { mode: 0o755 });
    writeFileSync(join(dir, 'logs', 'slotkeeper.log'), 'x', { mode: 0o644 });
    mkdirSync(join(dir, 'repo'), { mode: 0o755 });
    const warnings = tightenDataFolder(dir);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('9 private files or folders');
    expect(loose.map((n) => mode(join(dir, n)))).toEqual(loose.map(() => 0o600));
    expect([mode(dir), mode(join(dir, 'logs')), mode(join(dir, 'logs', 'slotkeeper.log'))]).toEqual([
      0o700, 0o700, 0o600,
    ]);
    expect(mode(join(dir, 'repo'))).toBe(0o755);
    expect(tightenDataFolder(dir)).toEqual([]);
  });
});
