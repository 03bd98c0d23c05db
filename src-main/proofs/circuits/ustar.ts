// A small, strict reader of ustar archives (POSIX and GNU headers, PAX path/size records, GNU long
// names) for circuit archives from the network. It accepts only regular files and directories with
// relative names that stay inside the archive: absolute paths, `..`, backslashes, links, devices,
// FIFOs, global PAX headers, base-256 sizes and entries over the limits are rejected outright. It
// writes nothing itself: the caller decides, per entry, whether and where its bytes go.

/** An archive entry the reader accepted. */
export interface TarEntry {
  /** Relative name with `.` segments and empty segments removed ('' for the archive root). */
  readonly name: string;
  readonly type: 'file' | 'directory';
  readonly size: number;
}

/** Where an accepted file's bytes go; the reader awaits each write. */
export interface TarSink {
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** Upper bounds on an archive. */
export interface TarLimits {
  readonly maxEntries: number;
  readonly maxEntryBytes: number;
  readonly maxTotalBytes: number;
}

/** The archive is malformed, unsafe or over a limit. */
export class TarError extends Error {
  override readonly name = 'TarError';
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

const BLOCK = 512;
const MAX_META_BYTES = 64 * 1024;

class ByteSource {
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;
  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  private async fill(n: number): Promise<void> {
    while (this.length < n && !this.ended) {
      const next = await this.it.next();
      if (next.done) this.ended = true;
      else {
        const b = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        this.chunks.push(b);
        this.length += b.length;
      }
    }
  }

  /** Exactly n bytes, or undefined at a clean end of input; throws on a partial read. */
  async exact(n: number): Promise<Buffer | undefined> {
    await this.fill(n);
    if (this.length === 0) return undefined;
    if (this.length < n) throw new TarError('the archive ends in the middle of an entry');
    const all = Buffer.concat(this.chunks);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.length = all.length - n;
    return all.subarray(0, n);
  }

  /** Drops n bytes (padding, and entries nobody wants). */
  async skip(n: number): Promise<void> {
    for await (const part of this.take(n)) void part;
  }

  /** n bytes, in the chunks they arrive in. */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.length === 0) await this.fill(1);
      const first = this.chunks[0];
      if (!first) throw new TarError('the archive ends in the middle of an entry');
      const part = first.subarray(0, Math.min(left, first.length));
      if (part.length === first.length) this.chunks.shift();
      else this.chunks[0] = first.subarray(part.length);
      this.length -= part.length;
      left -= part.length;
      yield part;
    }
  }
}

function text(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function octal(block: Buffer, offset: number, length: number, what: string): number {
  if (((block[offset] ?? 0) & 0x80) !== 0) throw new TarError(`an entry's ${what} is in base-256 form (too large)`);
  const s = text(block, offset, length).trim();
  if (!/^[0-7]*$/.test(s)) throw new TarError(`an entry's ${what} is not an octal number`);
  return s === '' ? 0 : parseInt(s, 8);
}

function checkHeader(block: Buffer): { gnu: boolean } {
  const magic = block.toString('latin1', 257, 265);
  const gnu = magic === 'ustar  \0';
  if (!gnu && magic !== 'ustar\u000000') throw new TarError('an entry header is not a ustar header');
  let unsigned = 0;
  for (let i = 0; i < BLOCK; i++) unsigned += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  if (octal(block, 148, 8, 'checksum') !== unsigned) throw new TarError('an entry header has a wrong checksum');
  return { gnu };
}

/** The entry name with `.` and empty segments removed; throws when it could leave the archive's folder. */
export function safeEntryName(raw: string): string {
  if (raw.includes('\\') || raw.includes('\0')) throw new TarError(`the entry ${JSON.stringify(raw)} has a backslash`);
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw))
    throw new TarError(`the entry ${JSON.stringify(raw)} has an absolute path`);
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new TarError(`the entry ${JSON.stringify(raw)} climbs out with ".."`);
  return segments.join('/');
}

function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = space === -1 ? NaN : Number(data.toString('latin1', at, space));
    if (!Number.isSafeInteger(length) || length <= 0 || at + length > data.length)
      throw new TarError('a PAX header is malformed');
    const record = data.toString('utf8', space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq <= 0 || data[at + length - 1] !== 0x0a) throw new TarError('a PAX header is malformed');
    records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

async function collect(source: ByteSource, size: number): Promise<Buffer> {
  if (size > MAX_META_BYTES) throw new TarError('an extended header is too large', true);
  const parts: Buffer[] = [];
  for await (const part of source.take(size)) parts.push(part);
  return Buffer.concat(parts);
}

/**
 * Reads the archive from `input` (decompressed bytes) and calls `onEntry` for each accepted entry;
 * a returned sink receives the file's bytes. Throws TarError on anything malformed or unsafe.
 */
export async function readTar(
  input: AsyncIterable<Uint8Array>,
  limits: TarLimits,
  onEntry: (entry: TarEntry) => Promise<TarSink | undefined>,
): Promise<void> {
  const source = new ByteSource(input[Symbol.asyncIterator]());
  let entries = 0;
  let total = 0;
  let pending: { path?: string; size?: number } = {};
  for (;;) {
    const block = await source.exact(BLOCK);
    if (!block) throw new TarError('the archive ends without its end marker');
    if (block.every((b) => b === 0)) return;
    const { gnu } = checkHeader(block);
    const type = String.fromCharCode(block[156] ?? 0);
    let size = octal(block, 124, 12, 'size');
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x' || type === 'L') {
      const data = await collect(source, size);
      await source.skip(padded - size);
      if (type === 'L') pending.path = text(data, 0, data.length);
      else {
        const pax = paxRecords(data);
        if (pax.has('linkpath')) throw new TarError('the archive contains a link');
        if (pax.has('path')) pending.path = pax.get('path');
        const s = pax.get('size');
        if (s !== undefined) {
          if (!/^[0-9]{1,15}$/.test(s)) throw new TarError('a PAX size is not a number');
          pending.size = Number(s);
        }
      }
      continue;
    }
    if (!['0', '\0', '7', '5'].includes(type)) {
      const kind = { '1': 'hard link', '2': 'symbolic link', '3': 'device', '4': 'device', '6': 'FIFO' }[type];
      throw new TarError(`the archive contains a ${kind ?? `type ${JSON.stringify(type)} entry`}`);
    }
    if (++entries > limits.maxEntries) throw new TarError(`the archive has more than ${limits.maxEntries} entries`);
    const prefix = gnu ? '' : text(block, 345, 155);
    const raw = pending.path ?? (prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100));
    size = pending.size ?? size;
    pending = {};
    const name = safeEntryName(raw);
    const isFile = type !== '5';
    if (isFile && name === '') throw new TarError('the archive contains a file without a name');
    if (!isFile) size = 0;
    if (size > limits.maxEntryBytes)
      throw new TarError(`the entry ${name} is larger than ${limits.maxEntryBytes} bytes`, true);
    total += size;
    if (total > limits.maxTotalBytes)
      throw new TarError(`the archive unpacks to more than ${limits.maxTotalBytes} bytes`, true);
    const sink = await onEntry({ name, type: isFile ? 'file' : 'directory', size });
    try {
      for await (const part of source.take(size)) if (sink) await sink.write(part);
    } finally {
      await sink?.close();
    }
    await source.skip(Math.ceil(size / BLOCK) * BLOCK - size);
  }
}
