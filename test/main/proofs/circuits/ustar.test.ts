import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readTar,
  safeEntryName,
  TarError,
  type TarEntry,
  type TarLimits,
} from '../../../../src-main/proofs/circuits/ustar';
import { gnuTarGz, paxRecord, tarBytes, type TarItem } from '../../../support/tar-writer';

const LIMITS: TarLimits = { maxEntries: 16, maxEntryBytes: 1 << 20, maxTotalBytes: 4 << 20 };
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'slotkeeper-ustar-'));
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Feeds `bytes` in small, unaligned chunks (as gunzip would), collecting entries and file contents. */
async function read(bytes: Buffer, limits = LIMITS): Promise<{ entries: TarEntry[]; contents: Map<string, Buffer> }> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 777) yield bytes.subarray(i, i + 777);
  }
  const entries: TarEntry[] = [];
  const contents = new Map<string, Buffer>();
  await readTar(chunks(), limits, async (entry) => {
    entries.push(entry);
    if (entry.type !== 'file') return undefined;
    const parts: Buffer[] = [];
    return {
      write: async (chunk) => void parts.push(Buffer.from(chunk)),
      close: async () => void contents.set(entry.name, Buffer.concat(parts)),
    };
  });
  return { entries, contents };
}

async function rejection(items: TarItem[] | Buffer, limits = LIMITS): Promise<TarError> {
  const bytes = Buffer.isBuffer(items) ? items : tarBytes(items);
  const e = await read(bytes, limits).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof TarError)) throw new Error(`expected a TarError, got ${String(e)}`);
  return e;
}

const data = (n: number, seed = 1) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

describe('readTar', () => {
  it('reads an archive made by GNU tar the way Codex makes its circuit archive (tar czf -C dir .)', async () => {
    const dir = join(scratch, 'gnu');
    await mkdir(join(dir, 'sub'), { recursive: true });
    await writeFile(join(dir, 'proof_main.zkey'), data(70_000));
    await writeFile(join(dir, 'empty.json'), '');
    await writeFile(join(dir, 'sub', 'x.bin'), data(513, 7));
    await gnuTarGz(dir, join(scratch, 'gnu.tar.gz'));
    const { entries, contents } = await read(gunzipSync(await readFile(join(scratch, 'gnu.tar.gz'))));
    expect(entries.map((e) => `${e.type}:${e.name}`).sort()).toEqual([
      'directory:',
      'directory:sub',
      'file:empty.json',
      'file:proof_main.zkey',
      'file:sub/x.bin',
    ]);
    expect(contents.get('proof_main.zkey')).toEqual(data(70_000));
    expect(contents.get('sub/x.bin')).toEqual(data(513, 7));
    expect(contents.get('empty.json')).toEqual(Buffer.alloc(0));
  });

  it('joins the POSIX prefix field, and takes names from PAX path records and GNU long-name entries', async () => {
    const long = `${'d'.repeat(120)}/f.bin`;
    const { entries, contents } = await read(
      tarBytes([
        { name: 'b.bin', prefix: 'a', data: data(10) },
        {
          name: 'PaxHeader',
          type: 'x',
          data: Buffer.from(paxRecord('path', 'pax/named.bin') + paxRecord('mtime', '1.5')),
        },
        { name: 'ignored', data: data(3) },
        { name: '././@LongLink', type: 'L', gnu: true, data: Buffer.from(`${long}\0`) },
        { name: 'truncated', gnu: true, data: data(4) },
      ]),
    );
    expect(entries.map((e) => e.name)).toEqual(['a/b.bin', 'pax/named.bin', long]);
    expect(contents.get('pax/named.bin')).toEqual(data(3));
  });

  it.each([
    ['an absolute path', [{ name: '/etc/passwd', data: data(1) }], 'absolute path'],
    ['a leading ..', [{ name: '../escape', data: data(1) }], '".."'],
    ['a .. in the middle', [{ name: 'a/../../escape', data: data(1) }], '".."'],
    [
      'a .. in a PAX path',
      [{ name: 'x', type: 'x', data: Buffer.from(paxRecord('path', '../x')) }, { name: 'ok' }],
      '".."',
    ],
    [
      'a .. in a GNU long name',
      [
        { name: 'L', type: 'L', gnu: true, data: Buffer.from('../../x\0') },
        { name: 'ok', gnu: true },
      ],
      '".."',
    ],
    ['a backslash', [{ name: '..\\escape', data: data(1) }], 'backslash'],
    ['a symbolic link', [{ name: 'proof_main.zkey', type: '2', linkname: '/etc/passwd' }], 'symbolic link'],
    ['a hard link', [{ name: 'proof_main.zkey', type: '1', linkname: 'other' }], 'hard link'],
    ['a character device', [{ name: 'tty', type: '3' }], 'device'],
    ['a FIFO', [{ name: 'pipe', type: '6' }], 'FIFO'],
    ['a global PAX header', [{ name: 'g', type: 'g', data: Buffer.from(paxRecord('comment', 'x')) }], 'type "g"'],
    [
      'a PAX link path',
      [{ name: 'x', type: 'x', data: Buffer.from(paxRecord('linkpath', '/etc')) }, { name: 'ok' }],
      'link',
    ],
    ['a wrong checksum', [{ name: 'a', data: data(1), badChecksum: true }], 'checksum'],
  ] as [string, TarItem[], string][])('rejects an archive with %s', async (_what, items, message) => {
    expect((await rejection(items)).message).toContain(message);
  });

  it('rejects entries over the size limits, too many entries, and base-256 sizes, before reading them', async () => {
    const limits = { maxEntries: 3, maxEntryBytes: 1000, maxTotalBytes: 1500 };
    expect((await rejection([{ name: 'big', data: data(1001) }], limits)).tooLarge).toBe(true);
    expect((await rejection([{ name: 'big', size: 10 ** 9 }], limits)).message).toContain('larger than 1000');
    const total = await rejection(
      [
        { name: 'a', data: data(900) },
        { name: 'b', data: data(900) },
      ],
      limits,
    );
    expect(total.message).toContain('unpacks to more than 1500');
    const many = await rejection(
      ['a', 'b', 'c', 'd'].map((name) => ({ name, data: data(1) })),
      limits,
    );
    expect(many.message).toContain('more than 3 entries');
    expect((await rejection([{ name: 'huge', data: data(1), base256Size: true }])).message).toContain('base-256');
  });

  it('rejects archives that are not ustar or end early', async () => {
    const notTar = Buffer.alloc(1024, 0x41);
    expect((await rejection(notTar)).message).toContain('not a ustar header');
    expect((await rejection(tarBytes([{ name: 'a', data: data(100) }], false))).message).toContain('end marker');
    const cut = tarBytes([{ name: 'a', data: data(2000) }]).subarray(0, 1500);
    expect((await rejection(cut)).message).toContain('middle of an entry');
  });
});

describe('safeEntryName', () => {
  it('normalises harmless names and refuses the ones that leave the folder', () => {
    expect(safeEntryName('./proof_main.zkey')).toBe('proof_main.zkey');
    expect(safeEntryName('.//a/./b/')).toBe('a/b');
    expect(safeEntryName('./')).toBe('');
    expect(safeEntryName('..a/b..')).toBe('..a/b..');
    for (const bad of ['/x', 'C:x', 'a/..', '..', 'a\\b']) expect(() => safeEntryName(bad), bad).toThrow(TarError);
  });
});
