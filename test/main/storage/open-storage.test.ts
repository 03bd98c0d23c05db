import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUOTA_BYTES, openStorage } from '../../../src-main/storage/open-storage';
import { tempDataDir } from '../../fakes/test-db';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('opening storage', () => {
  it('creates the sales database and the repo folder inside the data folder', () => {
    const temp = tempDataDir();
    const dataDir = join(temp.dir, 'nested', 'data');
    const storage = openStorage({ dataDir });
    cleanups.push(() => (storage.close(), temp.remove()));
    expect(existsSync(join(dataDir, 'sales.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'repo', 'slots'))).toBe(true);
    expect(storage.repoDir).toBe(join(dataDir, 'repo'));
  });

  it("uses Codex's 20 GiB quota unless told otherwise", () => {
    const temp = tempDataDir();
    const storage = openStorage({ dataDir: temp.dir });
    cleanups.push(() => (storage.close(), temp.remove()));
    expect(storage.repo.quota().max).toBe(DEFAULT_QUOTA_BYTES);
    expect(DEFAULT_QUOTA_BYTES).toBe(21_474_836_480n);
  });
});
