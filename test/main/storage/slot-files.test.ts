import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../../../src-main/engine/errors';
import { trackRepo } from '../../../src-main/compose/tracked-repo';
import { openTestStorage, tempDataDir, type TestStorage } from '../../fakes/test-db';
import { testId } from '../../fakes/ids';

const open: TestStorage[] = [];
afterEach(() => open.splice(0).forEach((s) => s.dispose()));
function storage(dataDir?: string): TestStorage {
  const s = openTestStorage(dataDir === undefined ? {} : { dataDir });
  open.push(s);
  return s;
}

const du = (dir: string) =>
  BigInt(execFileSync('du', ['-s', '--block-size=1', dir], { encoding: 'utf8' }).split('\t')[0]!);
const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

describe('files beside slot data', () => {
  it('reads back a file written beside the data, replaced whole by the next write, counted in used as du counts it', async () => {
    const s = storage();
    await s.repo.writeSlotData(testId(1), 0, bytes(65_536));
    const before = s.repo.quota().used;
    await s.repo.writeSlotFile(testId(1), 'slot-tree', bytes(10_000, 1));
    expect(s.repo.quota().used).toBe(du(s.repoDir));
    expect(s.repo.quota().used).toBeGreaterThan(before);
    await s.repo.writeSlotFile(testId(1), 'slot-tree', bytes(300, 2));
    expect(await s.repo.readSlotFile(testId(1), 'slot-tree')).toEqual(bytes(300, 2));
    expect(s.repo.quota().used).toBe(du(s.repoDir));
    // The data's logical size (what the byte invariant compares with written bytes) ignores it.
    expect(s.repo.slotDataSize(testId(1))).toBe(65_536n);
    // Nothing but the data and the file: no temporary file is left behind.
    expect(readdirSync(join(s.repoDir, 'slots', testId(1))).sort()).toEqual(['data', 'slot-tree']);
  });

  it('goes with the slot data when it is deleted, and leaves used equal to du', async () => {
    const s = storage();
    await s.repo.writeSlotData(testId(2), 0, bytes(4096));
    await s.repo.writeSlotFile(testId(2), 'slot-tree', bytes(5000));
    await s.repo.deleteSlotData(testId(2));
    expect(await s.repo.readSlotFile(testId(2), 'slot-tree')).toBeUndefined();
    expect(s.repo.listSlots()).toEqual([]);
    expect(s.repo.quota().used).toBe(du(s.repoDir));
  });

  it('deletes one file on its own, and a missing file or slot is no error', async () => {
    const s = storage();
    await s.repo.writeSlotData(testId(3), 0, bytes(10));
    await s.repo.writeSlotFile(testId(3), 'slot-tree', bytes(5000));
    await s.repo.deleteSlotFile(testId(3), 'slot-tree');
    await s.repo.deleteSlotFile(testId(3), 'slot-tree');
    await s.repo.deleteSlotFile(testId(4), 'slot-tree');
    expect(await s.repo.readSlotFile(testId(3), 'slot-tree')).toBeUndefined();
    expect(await s.repo.readSlotData(testId(3), 0, 10)).toEqual(bytes(10));
    expect(s.repo.quota().used).toBe(du(s.repoDir));
  });

  it('refuses a file for a slot without data, creating nothing', async () => {
    const s = storage();
    await expect(s.repo.writeSlotFile(testId(5), 'slot-tree', bytes(10))).rejects.toThrow(NotFoundError);
    expect(existsSync(join(s.repoDir, 'slots', testId(5)))).toBe(false);
    expect(s.repo.quota().used).toBe(du(s.repoDir));
  });

  it('never leaves a file behind a delete that races it, whichever runs first', async () => {
    const s = storage();
    for (let i = 0; i < 6; i++) {
      const id = testId(10 + i);
      await s.repo.writeSlotData(id, 0, bytes(100));
      const write = s.repo.writeSlotFile(id, 'slot-tree', bytes(3000)).catch((error: unknown) => error);
      const remove = s.repo.deleteSlotData(id);
      const [written] = await Promise.all(i % 2 === 0 ? [write, remove] : [write, remove].reverse());
      expect(written === undefined || written instanceof NotFoundError).toBe(true);
      expect(existsSync(join(s.repoDir, 'slots', id))).toBe(false);
    }
    expect(s.repo.quota().used).toBe(du(s.repoDir));
  });

  it('refuses names that are not plain file names, or the data file itself', async () => {
    const s = storage();
    await s.repo.writeSlotData(testId(6), 0, bytes(10));
    for (const name of ['data', '../data', '.hidden', 'Tree', '', 'a/b', 'x'.repeat(65)]) {
      await expect(s.repo.writeSlotFile(testId(6), name, bytes(1)), name).rejects.toThrow(InvalidArgumentError);
      await expect(s.repo.readSlotFile(testId(6), name), name).rejects.toThrow(InvalidArgumentError);
    }
    await expect(s.repo.writeSlotFile('../../etc', 'slot-tree', bytes(1))).rejects.toThrow(InvalidArgumentError);
    expect(await s.repo.readSlotData(testId(6), 0, 10)).toEqual(bytes(10));
  });

  it('counts a temporary file a crash left while it is there, and sweeps it when the repo opens', async () => {
    const temp = tempDataDir();
    const first = storage(temp.dir);
    await first.repo.writeSlotData(testId(7), 0, bytes(100));
    await first.repo.writeSlotFile(testId(7), 'slot-tree', bytes(100));
    first.close();
    const folder = join(first.repoDir, 'slots', testId(7));
    writeFileSync(join(folder, '.slot-tree.0123456789ab.tmp'), bytes(20_000));
    const second = storage(temp.dir);
    expect(readdirSync(folder).sort()).toEqual(['data', 'slot-tree']);
    expect(second.repo.quota().used).toBe(du(second.repoDir));
    expect(await second.repo.readSlotFile(testId(7), 'slot-tree')).toEqual(bytes(100));
    temp.remove();
  });

  it('passes through the tracked repo, which counts the work in flight', async () => {
    const s = storage();
    const io = trackRepo(s.repo);
    await io.repo.writeSlotData(testId(8), 0, bytes(10));
    const write = io.repo.writeSlotFile(testId(8), 'slot-tree', bytes(10));
    expect(io.inFlight()).toBe(1);
    await write;
    expect(await io.repo.readSlotFile(testId(8), 'slot-tree')).toEqual(bytes(10));
    await io.repo.deleteSlotFile(testId(8), 'slot-tree');
    await io.drained();
    expect(await s.repo.readSlotFile(testId(8), 'slot-tree')).toBeUndefined();
  });
});
