// Checks electron-builder.yml the way electron-builder itself reads and validates it, so a mistake shows up
// here rather than on the networked machine that makes the real packages.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob } from 'node:path';
import type { Configuration, FileSet } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

interface BuilderConfigModule {
  getConfig(
    projectDir: string,
    configPath: string | null,
    configFromOptions: Configuration | null,
  ): Promise<Configuration>;
  validateConfiguration(
    config: Configuration,
    debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void },
  ): Promise<void>;
}

// The loader and validator electron-builder's packager calls; resolved from electron-builder's own location so the
// test uses the same copy of app-builder-lib (and its scheme.json) as the build does.
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const builderConfig = requireFromBuilder('app-builder-lib/out/util/config/config.js') as BuilderConfigModule;
const silentLogger = { isEnabled: false, add() {} };

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };

let config: Configuration;

beforeAll(async () => {
  config = await builderConfig.getConfig(root, null, null);
});

/** The builder normalises `files` into file sets; flatten them back to the pattern list. */
function filePatterns(files: Configuration['files']): string[] {
  const list = Array.isArray(files) ? files : files == null ? [] : [files];
  return list.flatMap((entry: string | FileSet) => (typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()));
}

function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : target == null ? [] : [target];
  return list.map((t: string | { target: string }) => (typeof t === 'string' ? t : t.target));
}

/** Whether the builder would package a project-relative path, judged by its last matching pattern. */
function packaged(path: string, patterns: string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (matchesGlob(path, negated ? pattern.slice(1) : pattern)) included = !negated;
  }
  return included;
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    expect(config.appId).toBeDefined();
    await expect(builderConfig.validateConfiguration(structuredClone(config), silentLogger)).resolves.toBeUndefined();
  });

  it.each<[string, (c: Configuration) => void, RegExp]>([
    ['a misspelled option', (c) => Object.assign(c, { asarUnpacked: c.asarUnpack }), /unknown property 'asarUnpacked'/],
    [
      'npmRebuild that is not a boolean',
      (c) => Object.assign(c, { npmRebuild: 'sometimes' }),
      /npmRebuild should be a boolean/,
    ],
    [
      'a Windows installer as a macOS target',
      (c) => Object.assign(c, { mac: { ...c.mac, target: ['nsis'] } }),
      /mac\.target/,
    ],
  ])('rejects the configuration with %s', async (_case, spoil, message) => {
    const bad = structuredClone(config);
    spoil(bad);
    await expect(builderConfig.validateConfiguration(bad, silentLogger)).rejects.toThrow(message);
  });

  it('names the app Slotkeeper and starts it from package.json’s main entry', () => {
    expect(config.appId).toBe('org.slotkeeper.app');
    expect(config.productName).toBe('Slotkeeper');
    expect(config.extraMetadata?.main).toBe(packageJson.main);
    expect(packageJson.main).toBe('out/main/main.js');
    expect(config.directories?.output).toBe('dist');
  });

  it('never rebuilds native modules, so better-sqlite3 keeps its N-API prebuilds', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('unpacks every better-sqlite3 binary it packages, prebuilt or compiled', () => {
    // Production node_modules are copied whole, minus the exclusions in `files` (electron-builder applies only those).
    const nodeModulePatterns = ['**/*', ...filePatterns(config.files).filter((p) => p.startsWith('!'))];
    const prebuilds = readdirSync(join(root, 'node_modules/better-sqlite3/prebuilds'))
      .map((name) => `node_modules/better-sqlite3/prebuilds/${name}`)
      .filter((p) => p.endsWith('.node') && packaged(p, nodeModulePatterns));
    const binaries = [...prebuilds, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'];
    const unpack = [config.asarUnpack ?? []].flat();

    expect(prebuilds).toContain('node_modules/better-sqlite3/prebuilds/linux-x64.node');
    expect(binaries.filter((p) => !unpack.some((pattern) => matchesGlob(p, pattern)))).toEqual([]);
    // Nothing but that list is unpacked, so the pack test proves the list itself works.
    expect(config.asar).toMatchObject({ smartUnpack: false });
  });

  it('packages the build output, resources and package.json but no sources, tests, bench, docs or maps', () => {
    const patterns = filePatterns(config.files);
    const wanted = [
      'out/main/main.js',
      'out/main/headless.js',
      'out/preload/preload.cjs',
      'out/renderer/index.html',
      'resources/icon.png',
      'package.json',
    ];
    const unwanted = [
      'src-main/desktop/main.ts',
      'src-renderer/App.svelte',
      'test/packaging/pack.test.ts',
      'bench/engine.bench.ts',
      'docs/packaging.md',
      'scripts/start.mjs',
      'out/main/main.js.map',
      'electron.vite.config.ts',
      'tsconfig.json',
    ];
    expect(wanted.filter((p) => !packaged(p, patterns))).toEqual([]);
    expect(unwanted.filter((p) => packaged(p, patterns))).toEqual([]);
  });

  it('flips the Electron fuses that close the ways around the app: Node mode, NODE_OPTIONS, --inspect, loose files', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // Only loading from app.asar is meaningful when there is one.
    expect(config.asar).not.toBe(false);
  });

  it('builds AppImage and deb for Linux, dmg for macOS and an nsis installer for Windows', () => {
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
  });

  it('gives the Linux packages a category, maintainer, synopsis and a desktop entry matching the window', () => {
    expect(config.linux).toMatchObject({ category: 'Utility', executableName: 'slotkeeper', syncDesktopName: true });
    expect(config.extraMetadata?.desktopName).toBe('slotkeeper.desktop');
    expect(config.linux?.maintainer).toMatch(/^[^<>]+ <[^@\s]+@[^>\s]+>$/);
    expect(config.linux?.synopsis?.length).toBeGreaterThan(0);
  });

  it('takes every platform icon from a 512×512 PNG in resources/', () => {
    const icons = new Set([config.linux?.icon, config.mac?.icon, config.win?.icon]);
    expect([...icons]).toEqual(['resources/icon.png']);
    const png = readFileSync(join(root, 'resources/icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});
