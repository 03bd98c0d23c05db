import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataFolderBusyError, lockDataFolder, PID_FILE } from '../../../src-main/storage/folder-lock';
import { tempDataDir } from '../../fakes/test-db';
import { spawnWorker, workerCommand } from './workers/spawn';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const folder = () => {
  const t = tempDataDir();
  cleanups.push(t.remove);
  return t.dir;
};

/** A child process holding the folder's lock. */
async function holder(dataDir: string): Promise<ChildProcess> {
  const child = spawnWorker('hold-lock', [dataDir]);
  cleanups.push(() => child.kill('SIGKILL'));
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}: ${errors}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('data folder lock', () => {
  it('refuses a second process while the first holds the folder, naming the holder', async () => {
    const dataDir = folder();
    const child = await holder(dataDir);
    expect(() => lockDataFolder(dataDir)).toThrow(DataFolderBusyError);
    expect(() => lockDataFolder(dataDir)).toThrow(
      `Another Slotkeeper (process ${child.pid}) is using the data folder ${dataDir}. Stop it first, or pass --data-dir to use another folder.`,
    );
  });

  it('refuses a second lock in the same process', () => {
    const dataDir = folder();
    const lock = lockDataFolder(dataDir);
    expect(() => lockDataFolder(dataDir)).toThrow(`Another Slotkeeper (process ${process.pid})`);
    lock.release();
  });

  it('reopens a folder at once after its holder was killed, ten times in a row', async () => {
    const dataDir = folder();
    for (let round = 0; round < 10; round++) {
      await kill(await holder(dataDir));
      // No wait, no retry: the kernel dropped the lock with the process.
      lockDataFolder(dataDir).release();
    }
  }, 60_000);

  it.runIf(existsSync('/proc/self/stat'))(
    'reopens a folder at once when its killed holder is a zombie nobody has reaped yet',
    async () => {
      const dataDir = folder();
      // sh starts the holder in the background and becomes `sleep`, which never reaps it.
      const [command, ...args] = workerCommand('hold-lock', [dataDir]);
      const parent = spawn('sh', ['-c', '"$0" "$@" & echo "pid $!"; exec sleep 30', command!, ...args], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      cleanups.push(() => parent.kill('SIGKILL'));
      let out = '';
      await new Promise<void>((resolve) =>
        parent.stdout!.on('data', (d: Buffer) => (out += d.toString()).includes('locked') && resolve()),
      );
      const pid = Number(/pid (\d+)/.exec(out)![1]);
      process.kill(pid, 'SIGKILL');
      // A killed process's files close when its last thread has exited; its leader may show Z before that.
      const status = () => readFileSync(`/proc/${pid}/status`, 'utf8');
      await vi.waitFor(() => expect(status()).toMatch(/State:\s+Z[\s\S]*Threads:\s+1\n/), { timeout: 10_000 });
      lockDataFolder(dataDir).release();
    },
  );

  it('is not blocked by an old-format lock file naming a live or reused pid, and removes it', () => {
    const dataDir = folder();
    writeFileSync(join(dataDir, 'slotkeeper.lock'), '1\n');
    const lock = lockDataFolder(dataDir);
    expect(existsSync(join(dataDir, 'slotkeeper.lock'))).toBe(false);
    lock.release();
  });

  it('is not blocked by a pid file left by a killed holder', () => {
    const dataDir = folder();
    writeFileSync(join(dataDir, PID_FILE), `${process.ppid}\n`);
    lockDataFolder(dataDir).release();
  });

  it('releases its lock so the next start can take it, and removes its pid', () => {
    const dataDir = folder();
    lockDataFolder(dataDir).release();
    expect(existsSync(join(dataDir, PID_FILE))).toBe(false);
    lockDataFolder(dataDir).release();
  });
});
