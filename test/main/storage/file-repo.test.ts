import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../../../src-main/engine/errors';
import { openTestStorage, tempDataDir, type TestStorage } from '../../fakes/test-db';
import { testId } from '../../fakes/ids';

const open: TestStorage[] = [];
afterEach(() => open.splice(0).forEach((s) => s.dispose()));
function storage(options: { quotaMaxBytes?: bigint; dataDir?: string } = {}): TestStorage {
  const s = openTestStorage(options);
  open.push(s);
  return s;
}

/** What `du` reports for a folder, in bytes of allocated blocks. */
const du = (dir: string) =>
  BigInt(execFileSync('du', ['-s', '--block-size=1', dir], { encoding: 'utf8' }).split('\t')[0]!);
const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

describe('repo slot data', () => {
  it('counts as used exactly what du reports for the repo folder, empty or not', async () => {
    const s = storage();
    expect(s.repo.quota().used).toBe(du(s.repoDir));
    await s.repo.writeSlotData(testId(1), 0, bytes(1));
    expect(s.repo.quota().used).toBe(du(s.repoDir));
    await s.repo.writeSlotData(testId(1), 1, bytes(10_000));
    await s.repo.writeSlotData(testId(2), 0, bytes(4_096));
    expect(s.repo.quota().used).toBe(du(s.repoDir));
  });

  it('counts a sparse write by the blocks it allocates, as du does', async () => {
    const s = storage();
    await s.repo.writeSlotData(testId(3), 8 * 1024 * 1024, bytes(100));
    expect(s.repo.slotDataSize(testId(3))).toBe(8n * 1024n * 1024n + 100n);
    expect(s.repo.quota().used).toBe(du(s.repoDir));
    expect(s.repo.quota().used).toBeLessThan(1024n * 1024n);
  });

  it('keeps used equal to du through overwrites, concurrent writes and deletes', async () => {
    const s = storage();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => s.repo.writeSlotData(testId(4 + (i % 3)), (i % 5) * 6_000, bytes(6_000, i))),
    );
    expect(s.repo.quota().used).toBe(du(s.repoDir));
    await s.repo.deleteSlotData(testId(5));
    expect(s.repo.quota().used).toBe(du(s.repoDir));
    await s.repo.deleteSlotData(testId(99));
    expect(s.repo.quota().used).toBe(du(s.repoDir));
  });

  it('measures slot data already on disk when opened again', async () => {
    const temp = tempDataDir();
    const first = storage({ dataDir: temp.dir });
    await first.repo.writeSlotData(testId(1), 0, bytes(50_000));
    first.close();
    const second = storage({ dataDir: temp.dir });
    expect(second.repo.quota().used).toBe(du(second.repoDir));
    expect(second.repo.listSlots()).toEqual([testId(1)]);
    temp.remove();
  });

  it('reads back what was written, shorter at the end of the data', async () => {
    const s = storage();
    await s.repo.writeSlotData(testId(1), 0, Uint8Array.from([1, 2, 3, 4, 5]));
    expect([...(await s.repo.readSlotData(testId(1), 1, 3))]).toEqual([2, 3, 4]);
    expect([...(await s.repo.readSlotData(testId(1), 3, 10))]).toEqual([4, 5]);
  });

  it('reports a slot without data as not found when read, and as empty when sized', async () => {
    const s = storage();
    await expect(s.repo.readSlotData(testId(8), 0, 1)).rejects.toThrow(NotFoundError);
    expect(s.repo.slotDataSize(testId(8))).toBe(0n);
  });

  it('lists the slots that have data and forgets deleted ones', async () => {
    const s = storage();
    await s.repo.writeSlotData(testId(1), 0, bytes(1));
    await s.repo.writeSlotData(testId(2), 0, bytes(1));
    await s.repo.deleteSlotData(testId(1));
    expect(s.repo.listSlots()).toEqual([testId(2)]);
  });

  it('refuses a slot id that is not a canonical id, so no path can escape the repo', async () => {
    const s = storage();
    await expect(s.repo.writeSlotData('../../etc', 0, bytes(1))).rejects.toThrow(InvalidArgumentError);
    await expect(s.repo.writeSlotData(testId(1).toUpperCase(), 0, bytes(1))).rejects.toThrow(InvalidArgumentError);
    await expect(s.repo.writeSlotData(testId(1), -1, bytes(1))).rejects.toThrow(InvalidArgumentError);
  });
});

describe('repo quota', () => {
  it('counts slot data against the quota', async () => {
    const s = storage({ quotaMaxBytes: 1_000_000n });
    const before = s.repo.quota();
    await s.repo.writeSlotData(testId(1), 0, bytes(100_000));
    const after = s.repo.quota();
    expect(after.used - before.used).toBeGreaterThanOrEqual(100_000n);
    expect(after.available).toBe(after.max - after.used - after.reserved);
  });

  it('reports the file system size and free space beside the quota', () => {
    const s = storage();
    const [blocks, available, blockSize] = execFileSync('stat', ['-f', '-c', '%b %a %S', s.repoDir], {
      encoding: 'utf8',
    })
      .trim()
      .split(' ')
      .map(BigInt) as [bigint, bigint, bigint];
    const quota = s.repo.quota();
    expect(quota.diskTotal).toBe(blocks * blockSize);
    // Other programs write to the same disk meanwhile: allow them 256 MiB.
    const drift = quota.diskFree - available * blockSize;
    expect(drift < 0n ? -drift : drift).toBeLessThan(256n * 1024n * 1024n);
  });

  it('says when the quota promises more than the disk has free', () => {
    const roomy = storage();
    const { diskFree, used } = roomy.repo.quota();
    const huge = storage({ quotaMaxBytes: used + diskFree + 1024n ** 4n });
    expect(huge.repo.quota().exceedsDisk).toBe(true);
    expect(storage({ quotaMaxBytes: 1_000_000n }).repo.quota().exceedsDisk).toBe(false);
  });

  it('refuses a negative quota', () => {
    expect(() => storage({ quotaMaxBytes: -1n })).toThrow(InvalidArgumentError);
  });
});
