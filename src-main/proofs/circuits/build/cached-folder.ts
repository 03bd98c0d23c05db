// A build output cached as a folder under .cache/ and named by the hash of its inputs: built once
// aside and renamed into place, so no reader ever sees half of it. Parallel builders (test files
// run in several processes) take a lock folder; the others wait for the result, and a lock whose
// process died is removed.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How long a waiter waits for another process's build before giving up. */
const WAIT_MS = 300_000;

/**
 * The folder `cacheRoot/key`, built by `build(tmpDir)` unless it exists already with `doneFile`
 * in it (written last by the build). Resolves with the folder.
 */
export async function cachedFolder(
  cacheRoot: string,
  key: string,
  doneFile: string,
  build: (dir: string) => Promise<void>,
): Promise<string> {
  const dir = join(cacheRoot, key);
  const done = () => existsSync(join(dir, doneFile));
  if (done()) return dir;
  await mkdir(cacheRoot, { recursive: true });
  const lock = join(cacheRoot, `${key}.lock`);
  const deadline = Date.now() + WAIT_MS;
  while (!done()) {
    if (
      await mkdir(lock).then(
        () => true,
        () => false,
      )
    ) {
      try {
        await writeFile(join(lock, 'pid'), String(process.pid));
        if (!done()) await buildAside(cacheRoot, key, dir, build);
      } finally {
        await rm(lock, { recursive: true, force: true });
      }
    } else {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock} (delete it if no build runs)`);
      await removeIfStale(lock);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return dir;
}

async function buildAside(cacheRoot: string, key: string, dir: string, build: (dir: string) => Promise<void>) {
  const tmp = join(cacheRoot, `${key}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp);
  try {
    await build(tmp);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

// A lock whose process is gone (a build that was killed) is no lock.
async function removeIfStale(lock: string): Promise<void> {
  const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
  if (!pid) return;
  try {
    process.kill(pid, 0);
  } catch {
    await rm(lock, { recursive: true, force: true });
  }
}
