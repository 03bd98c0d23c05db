import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDataFolder } from '../../../src-main/storage/data-folder';
import { openStorage } from '../../../src-main/storage/open-storage';
import { tempDataDir } from '../../fakes/test-db';
import { makeReadOnly } from '../../fakes/read-only';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const folder = () => {
  const t = tempDataDir();
  cleanups.push(t.remove);
  return t.dir;
};

describe('opening a data folder', () => {
  it('creates a missing one private, locks it, and lets the next open it once released', () => {
    const dataDir = join(folder(), 'new');
    const open = openDataFolder(dataDir);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(() => openDataFolder(dataDir)).toThrow(/Another Slotkeeper/);
    open.release();
    openDataFolder(dataDir).release();
  });

  it('warns about, and tightens, a folder others could read', () => {
    const dataDir = folder();
    chmodSync(dataDir, 0o755);
    const open = openDataFolder(dataDir);
    open.release();
    expect(open.warnings.join(' ')).toContain('was readable by other accounts');
  });

  it('refuses a folder it cannot write, in one line, changing nothing', (context) => {
    const dataDir = folder();
    openStorage({ dataDir }).close();
    const before = readdirSync(dataDir).sort();
    const readOnly = makeReadOnly(dataDir);
    if (!readOnly.ok) return context.skip(readOnly.reason);
    cleanups.unshift(readOnly.undo);
    let message = '';
    try {
      openDataFolder(dataDir).release();
    } catch (error) {
      message = (error as Error).message;
    }
    readOnly.undo();
    expect(message).toMatch(
      /^The data folder .+ cannot be written \(.+: E(ACCES|PERM|ROFS)\); .+nothing was changed\.$/,
    );
    expect(readdirSync(dataDir).sort()).toEqual(before);
    expect(existsSync(join(dataDir, 'slotkeeper-lock.sqlite'))).toBe(false);
  });
});
