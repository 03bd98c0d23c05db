// Appending to a file beside slot data (a slot's block proofs): read back whole or by range, counted
// in used as du counts it, refused without data, gone with the slot, and on a full disk (a real tmpfs
// filled to the last byte) refused with a disk-full fault that leaves the file as it was.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError, StorageFaultError } from '../../../src-main/engine/errors';
import { trackRepo } from '../../../src-main/compose/tracked-repo';
import { openTestStorage, type TestStorage } from '../../fakes/test-db';
import { testId } from '../../fakes/ids';
import { fillDisk, mountTmpfs } from '../../fakes/tmpfs';

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
const NAME = 'serve-proofs';

describe('appending to a file beside slot data', () => {
  it('appends in order, reads back whole or by range, and counts every append in used as du does', async () => {
    const s = storage();
    await s.repo.writeSlotData(testId(1), 0, bytes(65_536));
    for (let i = 0; i < 40; i++) {
      await s.repo.appendSlotFile(testId(1), NAME, bytes(300, i));
      expect(s.repo.quota().used).toBe(du(s.repoDir));
    }
    const whole = await s.repo.readSlotFile(testId(1), NAME);
    expect(whole?.length).toBe(12_000);
    expect(whole?.[299]).toBe(0);
    expect(whole?.[300]).toBe(1);
    expect(await s.repo.readSlotFileAt(testId(1), NAME, 39 * 300, 1_000)).toEqual(bytes(300, 39)); // shorter at the end
    expect(await s.repo.readSlotFileAt(testId(1), NAME, 12_000, 10)).toEqual(new Uint8Array(0));
    expect(await s.repo.readSlotFileAt(testId(1), 'none-here', 0, 10)).toBeUndefined();
    expect(s.repo.slotDataSize(testId(1))).toBe(65_536n);
  });

  it('writes at a given byte and cuts what followed (a torn tail replaced), refusing a byte past the end', async () => {
    const s = storage();
    await s.repo.writeSlotData(testId(2), 0, bytes(10));
    await s.repo.appendSlotFile(testId(2), NAME, bytes(10_000, 1));
    await s.repo.appendSlotFile(testId(2), NAME, bytes(5, 2), 100);
    expect(await s.repo.readSlotFile(testId(2), NAME)).toEqual(Uint8Array.from([...bytes(100, 1), ...bytes(5, 2)]));
    expect(s.repo.quota().used).toBe(du(s.repoDir));
    await s.repo.appendSlotFile(testId(2), NAME, bytes(3, 3), 105); // at the very end: a plain append
    await expect(s.repo.appendSlotFile(testId(2), NAME, bytes(1), 109)).rejects.toThrow(InvalidArgumentError);
    for (const at of [-1, 1.5, Number.NaN])
      await expect(s.repo.appendSlotFile(testId(2), NAME, bytes(1), at), String(at)).rejects.toThrow(
        InvalidArgumentError,
      );
    expect((await s.repo.readSlotFile(testId(2), NAME))?.length).toBe(108);
  });

  it('refuses a slot without data or a bad name, creating nothing, and goes with the slot when it is deleted', async () => {
    const s = storage();
    await expect(s.repo.appendSlotFile(testId(3), NAME, bytes(10))).rejects.toThrow(NotFoundError);
    expect(existsSync(join(s.repoDir, 'slots', testId(3)))).toBe(false);
    await s.repo.writeSlotData(testId(4), 0, bytes(10));
    for (const name of ['data', '../data', '.hidden'])
      await expect(s.repo.appendSlotFile(testId(4), name, bytes(1)), name).rejects.toThrow(InvalidArgumentError);
    await expect(s.repo.readSlotFileAt(testId(4), 'data', 0, 1)).rejects.toThrow(InvalidArgumentError);
    await expect(s.repo.readSlotFileAt(testId(4), NAME, -1, 1)).rejects.toThrow(InvalidArgumentError);
    await s.repo.appendSlotFile(testId(4), NAME, bytes(5000));
    await s.repo.deleteSlotData(testId(4));
    expect(await s.repo.readSlotFileAt(testId(4), NAME, 0, 10)).toBeUndefined();
    expect(s.repo.quota().used).toBe(du(s.repoDir));
  });

  it('reads by range what is there now: a file replaced, deleted, or gone with its slot after an earlier read', async () => {
    const s = storage();
    await s.repo.writeSlotData(testId(7), 0, bytes(10));
    await s.repo.appendSlotFile(testId(7), NAME, bytes(100, 1));
    expect(await s.repo.readSlotFileAt(testId(7), NAME, 0, 4)).toEqual(bytes(4, 1));
    await s.repo.appendSlotFile(testId(7), NAME, bytes(4, 2));
    expect(await s.repo.readSlotFileAt(testId(7), NAME, 98, 10)).toEqual(Uint8Array.of(1, 1, 2, 2, 2, 2));
    await s.repo.writeSlotFile(testId(7), NAME, bytes(50, 3)); // replaced whole: a new file
    expect(await s.repo.readSlotFileAt(testId(7), NAME, 0, 100)).toEqual(bytes(50, 3));
    await s.repo.deleteSlotFile(testId(7), NAME);
    expect(await s.repo.readSlotFileAt(testId(7), NAME, 0, 100)).toBeUndefined();
    await s.repo.appendSlotFile(testId(7), NAME, bytes(5, 4));
    expect(await s.repo.readSlotFileAt(testId(7), NAME, 0, 100)).toEqual(bytes(5, 4));
    await s.repo.deleteSlotData(testId(7));
    expect(await s.repo.readSlotFileAt(testId(7), NAME, 0, 100)).toBeUndefined();
    await s.repo.writeSlotData(testId(7), 0, bytes(10));
    await s.repo.appendSlotFile(testId(7), NAME, bytes(3, 5));
    expect(await s.repo.readSlotFileAt(testId(7), NAME, 0, 100)).toEqual(bytes(3, 5));
    await s.repo.quarantineSlotData(testId(7));
    expect(await s.repo.readSlotFileAt(testId(7), NAME, 0, 100)).toBeUndefined();
    expect(s.repo.quota().used).toBe(du(s.repoDir));
  });

  it('passes through the tracked repo, which counts the work in flight', async () => {
    const s = storage();
    const io = trackRepo(s.repo);
    await io.repo.writeSlotData(testId(5), 0, bytes(10));
    const append = io.repo.appendSlotFile(testId(5), NAME, bytes(10, 4));
    expect(io.inFlight()).toBe(1);
    await append;
    await io.repo.appendSlotFile(testId(5), NAME, bytes(2, 5), 8);
    expect(await io.repo.readSlotFileAt(testId(5), NAME, 6, 10)).toEqual(Uint8Array.of(4, 4, 5, 5));
    await io.drained();
  });
});

const tmpfs = mountTmpfs('4m');
afterAll(() => tmpfs.unmount());

describe('appending on a full disk', () => {
  it('is refused as disk-full, leaves the file as it was and used equal to du, and works once space returns', async (context) => {
    if (!tmpfs.ok) {
      process.stdout.write(`full-disk append skipped: ${tmpfs.reason}\n`);
      return context.skip(tmpfs.reason);
    }
    const s = storage(join(tmpfs.dir, 'data'));
    await s.repo.writeSlotData(testId(6), 0, bytes(4096));
    await s.repo.appendSlotFile(testId(6), NAME, bytes(1000, 1));
    const filler = fillDisk(tmpfs.dir);
    expect(statfsSync(tmpfs.dir).bavail).toBe(0);
    // More than the page the file already has: the append needs blocks the disk no longer has.
    const refused = await s.repo.appendSlotFile(testId(6), NAME, bytes(64 * 1024, 2)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StorageFaultError);
    expect((refused as StorageFaultError).kind).toBe('disk-full');
    expect(readFileSync(join(s.repoDir, 'slots', testId(6), NAME))).toEqual(Buffer.from(bytes(1000, 1)));
    expect(s.repo.quota().used).toBe(du(s.repoDir));

    rmSync(filler);
    await s.repo.appendSlotFile(testId(6), NAME, bytes(64 * 1024, 3));
    const after = await s.repo.readSlotFile(testId(6), NAME);
    expect(after?.length).toBe(1000 + 64 * 1024);
    expect(after?.[1000]).toBe(3);
    expect(s.repo.quota().used).toBe(du(s.repoDir));
  });
});
