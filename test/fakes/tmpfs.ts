// A small real file system to fill to the last byte (a full disk, for real): a tmpfs mounted for the
// test file (root in a container). Where the machine does not allow mounting, the caller skips,
// saying why.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A mounted tmpfs (unmount() removes it), or why none could be mounted. */
export type Tmpfs = { ok: true; dir: string; unmount: () => void } | { ok: false; reason: string; unmount: () => void };

/** Mounts a tmpfs of `size` (as mount takes it: "4m"). */
export function mountTmpfs(size: string): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'sk-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, reason: `cannot mount a tmpfs here (${String(error).split('\n')[0]})`, unmount: () => {} };
  }
  return {
    ok: true,
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the file system holding `dir` to its last byte with one file there; returns its path. */
export function fillDisk(dir: string): string {
  const filler = join(dir, 'filler');
  const stats = statfsSync(dir);
  try {
    writeFileSync(filler, new Uint8Array(Number(stats.bavail * stats.bsize)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  return filler;
}
