// A backup is one POSIX tar (ustar) file, so any `tar tf` can list it: `manifest.json` first,
// then the files it names. Written to a temporary name, synced and renamed, so a backup that
// exists is whole. Read back strictly: checksummed headers, plain files with plain names only,
// every byte hashed while it is copied out.
import { createHash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const BLOCK = 512;
const CHUNK = 1 << 20;
/** ustar's size field holds 11 octal digits. */
const MAX_ENTRY_BYTES = 8 ** 11 - 1;
/** Names an entry may have: one plain file name, nothing that could climb out of a folder. */
export const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A file to put in the archive: its name inside, and where its bytes are now. */
export interface ArchiveEntry {
  name: string;
  source: string;
}

/** What one entry held, as read back. */
export interface ExtractedEntry {
  name: string;
  size: number;
  sha256: string;
}

/** The archive cannot be read as a backup; the message says where it went wrong. */
export class BackupArchiveError extends Error {
  readonly code = 'backup-invalid';
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(0o600, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(mtime, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 'ascii');
  return block;
}

async function copy(
  from: FileHandle,
  to: FileHandle,
  size: number,
  hash?: ReturnType<typeof createHash>,
): Promise<void> {
  const buffer = Buffer.alloc(CHUNK);
  for (let done = 0; done < size;) {
    const { bytesRead } = await from.read(buffer, 0, Math.min(CHUNK, size - done));
    if (bytesRead === 0)
      throw new BackupArchiveError(`the archive ends inside an entry (${size - done} bytes missing)`);
    hash?.update(buffer.subarray(0, bytesRead));
    await to.write(buffer, 0, bytesRead);
    done += bytesRead;
  }
}

/** Writes `manifest` and `entries` as one tar at `target`, atomically. */
export async function writeArchive(target: string, manifest: string, entries: readonly ArchiveEntry[]): Promise<void> {
  const partial = `${target}.partial`;
  const out = await open(partial, 'wx', 0o600);
  try {
    const mtime = Math.floor(Date.now() / 1000);
    const manifestBytes = Buffer.from(manifest, 'utf8');
    await out.write(header('manifest.json', manifestBytes.length, mtime));
    await out.write(manifestBytes);
    await out.write(Buffer.alloc((BLOCK - (manifestBytes.length % BLOCK)) % BLOCK));
    for (const entry of entries) {
      const input = await open(entry.source, 'r');
      try {
        const { size } = await input.stat();
        if (size > MAX_ENTRY_BYTES)
          throw new BackupArchiveError(`${entry.name} is larger than a backup entry can be (8 GiB)`);
        await out.write(header(entry.name, size, mtime));
        await copy(input, out, size);
        await out.write(Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK));
      } finally {
        await input.close();
      }
    }
    await out.write(Buffer.alloc(2 * BLOCK));
    await out.sync();
  } catch (error) {
    await out.close();
    await rm(partial, { force: true });
    throw error;
  }
  await out.close();
  await rename(partial, target);
}

function readHeader(block: Buffer): { name: string; size: number } | undefined {
  if (block.every((byte) => byte === 0)) return undefined;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  const field = (at: number, width: number) => block.toString('ascii', at, at + width).replace(/[\0 ]+$/, '');
  if (Number.parseInt(field(148, 8), 8) !== sum) throw new BackupArchiveError('an entry header fails its checksum');
  const type = block.toString('ascii', 156, 157);
  if (type !== '0' && type !== '\0') throw new BackupArchiveError('an entry is not a plain file');
  const name = field(0, 100);
  if (field(345, 155) !== '' || !ENTRY_NAME.test(name))
    throw new BackupArchiveError(`an entry has a name no backup uses: ${name}`);
  const size = Number.parseInt(field(124, 12), 8);
  if (!Number.isSafeInteger(size) || size < 0) throw new BackupArchiveError(`entry ${name} has no valid size`);
  return { name, size };
}

/**
 * Reads the archive at `file`: returns the manifest's text, and copies every other entry into
 * `dir` under its name, hashing it on the way. Throws BackupArchiveError on anything malformed.
 */
export async function extractArchive(
  file: string,
  dir: string,
): Promise<{ manifest: string; entries: ExtractedEntry[] }> {
  const input = await open(file, 'r');
  try {
    const block = Buffer.alloc(BLOCK);
    let manifest: string | undefined;
    const entries: ExtractedEntry[] = [];
    for (;;) {
      const { bytesRead } = await input.read(block, 0, BLOCK);
      if (bytesRead < BLOCK) throw new BackupArchiveError('the archive ends without its end marker');
      const entry = readHeader(block);
      if (!entry) break;
      const padding = (BLOCK - (entry.size % BLOCK)) % BLOCK;
      if (manifest === undefined) {
        if (entry.name !== 'manifest.json' || entry.size > 1 << 20)
          throw new BackupArchiveError('the archive does not start with its manifest');
        const text = Buffer.alloc(entry.size + padding);
        if ((await input.read(text, 0, text.length)).bytesRead < text.length)
          throw new BackupArchiveError('the manifest is cut short');
        manifest = text.subarray(0, entry.size).toString('utf8');
        continue;
      }
      if (entry.name === 'manifest.json' || entries.some((e) => e.name === entry.name)) {
        throw new BackupArchiveError(`the archive holds ${entry.name} twice`);
      }
      const hash = createHash('sha256');
      const out = await open(join(dir, entry.name), 'wx', 0o600);
      try {
        await copy(input, out, entry.size, hash);
        await out.sync();
      } finally {
        await out.close();
      }
      if (padding > 0) await input.read(Buffer.alloc(padding), 0, padding);
      entries.push({ name: entry.name, size: entry.size, sha256: hash.digest('hex') });
    }
    if (manifest === undefined) throw new BackupArchiveError('the archive is empty');
    return { manifest, entries };
  } finally {
    await input.close();
  }
}
