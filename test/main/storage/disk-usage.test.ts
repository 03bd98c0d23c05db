import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diskSpace, diskUsage } from '../../../src-main/storage/disk-usage';
import { tempDataDir } from '../../fakes/test-db';

const temps: Array<{ remove(): void }> = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));
const du = (dir: string) =>
  BigInt(execFileSync('du', ['-s', '--block-size=1', dir], { encoding: 'utf8' }).split('\t')[0]!);

describe('disk usage', () => {
  it('matches du for nested folders, hard links, sparse files and symbolic links', () => {
    const temp = tempDataDir();
    temps.push(temp);
    const root = join(temp.dir, 'tree');
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'a', 'one'), Buffer.alloc(5_000, 1));
    writeFileSync(join(root, 'a', 'b', 'two'), Buffer.alloc(70_000, 2));
    linkSync(join(root, 'a', 'b', 'two'), join(root, 'two-again'));
    symlinkSync(join(root, 'a', 'one'), join(root, 'link'));
    const fd = openSync(join(root, 'sparse'), 'w');
    writeSync(fd, Buffer.alloc(10, 3), 0, 10, 50 * 1024 * 1024);
    closeSync(fd);
    expect(diskUsage(root)).toBe(du(root));
  });

  it('counts a missing folder as empty', () => {
    expect(diskUsage('/nonexistent/slotkeeper/folder')).toBe(0n);
  });

  it('reports free space no larger than the file system', () => {
    const { free, total } = diskSpace('/');
    expect(total).toBeGreaterThan(0n);
    expect(free).toBeLessThanOrEqual(total);
  });
});
