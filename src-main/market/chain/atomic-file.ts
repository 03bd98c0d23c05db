// Small state files (cursor, nonce journal, keystore) written so that a crash leaves the old or the
// new content, never a mix: temp file, fsync, rename.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** Writes `text` to `path` atomically; the file is readable by its owner only. */
export function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** Writes `value` as JSON to `path` atomically. */
export function atomicJson(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value) + '\n');
}
