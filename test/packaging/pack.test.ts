// A real electron-builder pack of the built app for Linux. No Electron binary exists on these machines and none
// may be downloaded, so `electronDist` points at a stand-in holding only a fake `electron` executable: everything
// electron-builder does to the app itself (files, asar, unpacking, metadata) is the real thing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Asar from '@electron/asar';
import { Arch, Platform, build } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

// The archive reader electron-builder itself writes app.asar with.
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib'));
const asar = requireFromBuilder('@electron/asar') as typeof Asar;

const buildOutputs = ['out/main/main.js', 'out/main/headless.js', 'out/preload/preload.cjs', 'out/renderer/index.html'];
// Electron's fuse wire as its binaries carry it: a sentinel, wire version 1, the number of fuses, then one
// byte per fuse ('1' on, '0' off), here in Electron's defaults (run as Node, NODE_OPTIONS, --inspect and
// file:// privileges on). The builder must find it in the stand-in and flip it like in the real binary.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const defaultFuses = '10110001';
const standInScript = (wire: string) =>
  `#!/bin/sh\n# fuses: ${FUSE_SENTINEL}\u0001\u0008${wire}\necho "stand-in for Electron: packaging test only" >&2\nexit 1\n`;
const standInElectron = standInScript(defaultFuses);

// Any attempt to fetch Electron or a builder tool goes to a closed port and fails the pack instead of reaching out.
const offline: Record<string, string> = {
  ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  ELECTRON_MIRROR: 'http://127.0.0.1:9/',
  ELECTRON_BUILDER_BINARIES_MIRROR: 'http://127.0.0.1:9/',
  CSC_IDENTITY_AUTO_DISCOVERY: 'false',
};

let work: string;
let appOutDir: string;
let archive: string;
let entries: Set<string>;
let savedEnv: Record<string, string | undefined>;

function ensureBuild(): void {
  if (buildOutputs.every((file) => existsSync(join(root, file)))) return;
  const run = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(`electron-vite build failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

beforeAll(async () => {
  ensureBuild();
  work = mkdtempSync(join(tmpdir(), 'slotkeeper-pack-'));
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), standInElectron, { mode: 0o755 });

  savedEnv = Object.fromEntries(['ELECTRON_BUILDER_CACHE', ...Object.keys(offline)].map((k) => [k, process.env[k]]));
  // An empty cache: a tool that would be fetched cannot be found already downloaded either.
  Object.assign(process.env, offline, { ELECTRON_BUILDER_CACHE: join(work, 'cache') });

  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    config: { electronDist, directories: { output: join(work, 'dist') } },
  });

  appOutDir = join(work, 'dist', 'linux-unpacked');
  archive = join(appOutDir, 'resources', 'app.asar');
  entries = new Set(asar.listPackage(archive, { isPack: false }).map((entry) => entry.replace(/^\//, '')));
}, 120_000);

afterAll(() => {
  for (const [key, value] of Object.entries(savedEnv ?? {})) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packing the app for Linux', () => {
  it('puts the main process, headless host, preload, renderer and package.json into app.asar', () => {
    expect([...buildOutputs, 'package.json'].filter((file) => !entries.has(file))).toEqual([]);
  });

  it('writes a package.json that starts the built Electron entry and names its desktop entry', () => {
    const packaged = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(packaged).toMatchObject({ name: 'slotkeeper', main: 'out/main/main.js', desktopName: 'slotkeeper.desktop' });
  });

  it('ships better-sqlite3’s prebuilt Linux binary unchanged and outside the archive', () => {
    const prebuild = 'node_modules/better-sqlite3/prebuilds/linux-x64.node';
    const unpacked = join(appOutDir, 'resources', 'app.asar.unpacked', prebuild);
    expect(existsSync(unpacked)).toBe(true);
    expect(asar.statFile(archive, prebuild)).toMatchObject({ unpacked: true });
    expect(sha256(readFileSync(unpacked))).toBe(sha256(readFileSync(join(root, prebuild))));
  });

  it('keeps better-sqlite3’s JavaScript inside the archive and only binaries unpacked', () => {
    expect(entries.has('node_modules/better-sqlite3/lib/index.js')).toBe(true);
    expect(asar.statFile(archive, 'node_modules/better-sqlite3/lib/index.js')).not.toMatchObject({ unpacked: true });
  });

  it('leaves out sources, tests, docs, source maps, dev dependencies and what only compiling SQLite needs', () => {
    const unwanted = [...entries].filter(
      (entry) =>
        /^(src-main|src-renderer|test|bench|docs|scripts|\.ci)(\/|$)/.test(entry) ||
        entry.endsWith('.map') ||
        /^node_modules\/(electron|electron-builder|electron-vite|vite|vitest|svelte|typescript|node)(\/|$)/.test(
          entry,
        ) ||
        /^node_modules\/better-sqlite3\/(deps|src)(\/|$)/.test(entry) ||
        /^node_modules\/better-sqlite3\/prebuilds\/linuxmusl-/.test(entry),
    );
    expect(unwanted).toEqual([]);
  });

  it('flips the fuses in the packaged executable: no Node mode, NODE_OPTIONS, --inspect or file:// privileges', () => {
    // Order: runAsNode, cookie encryption, NODE_OPTIONS, --inspect, asar integrity, only app.asar, v8 snapshot, file://.
    expect(readFileSync(join(appOutDir, 'slotkeeper'), 'utf8')).toBe(standInScript('01001100'));
  });

  it('names the executable slotkeeper and takes it from the stand-in, so no Electron was downloaded', () => {
    expect(readFileSync(join(appOutDir, 'slotkeeper'), 'utf8')).toContain('stand-in for Electron: packaging test only');
    expect(existsSync(join(work, 'cache'))).toBe(false);
  });
});
