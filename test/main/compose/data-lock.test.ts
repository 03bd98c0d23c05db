import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFolderBusyError, lockDataFolder } from '../../../src-main/compose/data-lock';

const dir = () => mkdtempSync(join(tmpdir(), 'sk-lock-'));

describe('data folder lock', () => {
  it('refuses a second engine on the same folder while the first runs', async () => {
    const dataDir = dir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    writeFileSync(join(dataDir, 'slotkeeper.lock'), String(other.pid));
    try {
      expect(() => lockDataFolder(dataDir)).toThrow(DataFolderBusyError);
      expect(() => lockDataFolder(dataDir)).toThrow(/Another Slotkeeper \(process \d+\) is using the data folder/);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that was killed', async () => {
    const dataDir = dir();
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(join(dataDir, 'slotkeeper.lock'), String(dead.pid));
    const lock = lockDataFolder(dataDir);
    lock.release();
    expect(existsSync(join(dataDir, 'slotkeeper.lock'))).toBe(false);
  });

  it('releases its lock so the next start can take it', () => {
    const dataDir = dir();
    lockDataFolder(dataDir).release();
    lockDataFolder(dataDir).release();
  });
});
