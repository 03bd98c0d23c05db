// A stand-in for Electron's GitHub release: a tiny zip whose "electron" is a shell script, served by a
// loopback mirror (reached through ELECTRON_MIRROR), and a sandbox holding a copy of the electron package
// so electron's install.js writes its dist/ and path.txt there, never into the real node_modules.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

const realModules = join(import.meta.dirname, '..', '..', '..', 'node_modules');

/** What the fake binary prints before it exits 0: the "window" opening, with its arguments. */
export const windowLine = 'fake electron window:';

interface Entry {
  name: string;
  data: Buffer;
  mode: number;
}

/** A zip of stored (uncompressed) entries with Unix modes, as Electron's own zips carry them. */
export function storedZip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, mode } of entries) {
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the external attributes hold the mode
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The release zip for this machine, as electron's install.js asks for it. */
export function fakeRelease(version: string): { fileName: string; zip: Buffer } {
  const script = `#!/bin/sh\necho "${windowLine} $*"\nexit 0\n`;
  const zip = storedZip([
    { name: 'electron', data: Buffer.from(script), mode: 0o755 },
    { name: 'version', data: Buffer.from(version), mode: 0o644 },
  ]);
  return { fileName: `electron-v${version}-${process.platform}-${process.arch}.zip`, zip };
}

/** How the mirror answers the zip's URL. */
export type MirrorMode = 'serve' | 'not-found' | 'hang' | 'stall' | 'tampered';

export interface Mirror {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP mirror on 127.0.0.1 laid out as ELECTRON_MIRROR expects: <mirror>v<version>/<file>. */
export async function startMirror(version: string, mode: MirrorMode): Promise<Mirror> {
  const { fileName, zip } = fakeRelease(version);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (mode === 'hang') return; // accepts the request and never answers
    if (mode === 'not-found' || req.url !== `/v${version}/${fileName}`) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    // A tampered zip differs from what electron's checksums.json vouches for by one trailing byte.
    const body = mode === 'tampered' ? Buffer.concat([zip, Buffer.from([0])]) : zip;
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length });
    // Two chunks, so the download reports progress before it completes.
    const half = Math.floor(body.length / 2);
    // A stalling mirror sends the first half and then nothing more.
    res.write(body.subarray(0, half), () => (mode === 'stall' ? undefined : res.end(body.subarray(half))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Sandbox {
  root: string;
  /** The copy of the electron package, where install.js writes dist/ and path.txt. */
  packageDir: string;
  /** @electron/get's cache for this sandbox only. */
  cacheDir: string;
  version: string;
  remove(): void;
}

/**
 * A temp folder with node_modules/electron copied from the real one (its checksums.json vouching for the
 * fake zip, so checksum validation still runs) and @electron/get and (unless extractor is false) the zip
 * extractor linked, read-only in use.
 */
export function makeSandbox({ extractor = true } = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'slotkeeper-electron-'));
  const modules = join(root, 'node_modules');
  const packageDir = join(modules, 'electron');
  cpSync(join(realModules, 'electron'), packageDir, {
    recursive: true,
    filter: (src) => !/[/\\](dist|path\.txt)$/.test(src),
  });
  mkdirSync(join(modules, '@electron'));
  mkdirSync(join(root, 'tmp'));
  symlinkSync(join(realModules, '@electron', 'get'), join(modules, '@electron', 'get'), 'dir');
  if (extractor) symlinkSync(join(realModules, '@electron-internal'), join(modules, '@electron-internal'), 'dir');
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const { fileName, zip } = fakeRelease(version);
  writeFileSync(
    join(packageDir, 'checksums.json'),
    JSON.stringify({ [fileName]: createHash('sha256').update(zip).digest('hex') }),
  );
  const cacheDir = join(root, 'cache');
  return { root, packageDir, cacheDir, version, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** An env with nothing from the test runner's: only what the download and the fake binary need. */
export function sandboxEnv(sandbox: Sandbox, mirror: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: sandbox.root,
    TMPDIR: join(sandbox.root, 'tmp'),
    electron_config_cache: sandbox.cacheDir,
    ELECTRON_MIRROR: mirror,
    DISPLAY: ':99',
    ...extra,
  };
}
