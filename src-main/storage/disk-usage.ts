// Disk usage counted the way `du` counts it: allocated blocks (st_blocks × 512) of every directory
// and file under a folder, each inode once, symbolic links as themselves. Logical file sizes would
// disagree with `du` for sparse or partly filled blocks, and operators check the dashboard against du.
import { lstatSync, readdirSync, statfsSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';

/** Bytes a file system entry occupies on disk. */
export function allocatedBytes(stats: Pick<BigIntStats, 'blocks'>): bigint {
  return stats.blocks * 512n;
}

/** Bytes under `path` (itself included), as `du -s --block-size=1` reports them; 0 when it does not exist. */
export function diskUsage(path: string, seen = new Set<string>()): bigint {
  let stats: BigIntStats;
  try {
    stats = lstatSync(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0n;
    throw error;
  }
  const inode = `${stats.dev}:${stats.ino}`;
  if (seen.has(inode)) return 0n;
  seen.add(inode);
  let total = allocatedBytes(stats);
  if (stats.isDirectory()) {
    for (const name of readdirSync(path)) total += diskUsage(join(path, name), seen);
  }
  return total;
}

/** Free and total bytes of the file system holding `path`, as this process may use them. */
export function diskSpace(path: string): { free: bigint; total: bigint } {
  const stats = statfsSync(path, { bigint: true });
  return { free: stats.bavail * stats.bsize, total: stats.blocks * stats.bsize };
}
