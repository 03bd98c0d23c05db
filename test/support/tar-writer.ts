// Writes ustar archives entry by entry, including the hostile ones a real tar would refuse to make
// (absolute names, "..", links, devices), and packs folders with the system's GNU tar as Codex's CI does.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

/** One entry to write. */
export interface TarItem {
  readonly name: string;
  /** ustar type flag: '0' file (default), '5' directory, '1'/'2' links, '3' char device, '6' FIFO, 'x'/'g' PAX, 'L' GNU long name. */
  readonly type?: string;
  readonly data?: Buffer;
  readonly linkname?: string;
  /** Declared size when it must differ from data's (a lie). */
  readonly size?: number;
  /** Name prefix field (POSIX ustar). */
  readonly prefix?: string;
  /** GNU magic instead of POSIX. */
  readonly gnu?: boolean;
  /** Corrupt the checksum. */
  readonly badChecksum?: boolean;
  /** Write the size in GNU's base-256 form (for sizes over 8 GiB). */
  readonly base256Size?: boolean;
}

function field(block: Buffer, offset: number, length: number, value: string): void {
  block.write(value.slice(0, length), offset, length, 'utf8');
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

function header(item: TarItem): Buffer {
  const block = Buffer.alloc(512);
  const size = item.size ?? item.data?.length ?? 0;
  field(block, 0, 100, item.name);
  field(block, 100, 8, octal(0o644, 8));
  field(block, 108, 8, octal(0, 8));
  field(block, 116, 8, octal(0, 8));
  field(block, 124, 12, octal(size, 12));
  if (item.base256Size) {
    block.fill(0, 124, 136);
    block[124] = 0x80;
    block.writeUInt32BE(size, 132);
  }
  field(block, 136, 12, octal(1_700_000_000, 12));
  field(block, 156, 1, item.type ?? '0');
  field(block, 157, 100, item.linkname ?? '');
  field(block, 257, 8, item.gnu ? 'ustar  \0' : 'ustar\u000000');
  field(block, 345, 155, item.prefix ?? '');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  field(block, 148, 8, `${(item.badChecksum ? sum + 1 : sum).toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** A PAX extended-header record ("len key=value\n"). */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length++;
  return `${length}${body}`;
}

/** The ustar bytes for `items`, ended with two zero blocks unless `end` is false. */
export function tarBytes(items: readonly TarItem[], end = true): Buffer {
  const parts: Buffer[] = [];
  for (const item of items) {
    parts.push(header(item));
    const data = item.data ?? Buffer.alloc(0);
    parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  if (end) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** tarBytes, gzip'd. */
export function tarGz(items: readonly TarItem[], end = true): Buffer {
  return gzipSync(tarBytes(items, end));
}

/** `tar czf out -C dir .` with the system's tar (GNU tar on Debian), as Codex's CI makes its archive. */
export async function gnuTarGz(dir: string, out: string): Promise<void> {
  await promisify(execFile)('tar', ['czf', out, '-C', dir, '.']);
}
