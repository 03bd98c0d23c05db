// Keeps the dependency arrows of docs/architecture.md: each rule scans real import specifiers in the source tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

interface SourceFile {
  path: string; // repo-relative, forward slashes
  text: string;
  imports: string[]; // raw specifiers
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const importPattern =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(text: string): string[] {
  return [...text.matchAll(importPattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

const sources: SourceFile[] = ['src-main', 'src-renderer']
  .flatMap((top) => walk(join(root, top)))
  .filter((file) => /\.(ts|svelte|mjs|js)$/.test(file))
  .map((file) => {
    const text = readFileSync(file, 'utf8');
    return { path: relative(root, file).split(sep).join('/'), text, imports: importsOf(text) };
  });

/** Repo-relative target of a relative specifier, or undefined for packages and built-ins. */
function target(file: SourceFile, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return normalize(join(dirname(file.path), specifier))
    .split(sep)
    .join('/');
}

function violations(
  filter: (f: SourceFile) => boolean,
  bad: (spec: string, to: string | undefined, f: SourceFile) => boolean,
) {
  return sources
    .filter(filter)
    .flatMap((f) => f.imports.filter((s) => bad(s, target(f, s), f)).map((s) => `${f.path} imports ${s}`));
}

const under = (prefix: string) => (f: SourceFile) => f.path.startsWith(prefix);
const isNodeBuiltin = (s: string) =>
  s.startsWith('node:') || ['fs', 'path', 'http', 'net', 'os', 'child_process', 'crypto'].includes(s);

/** One import or export statement: its specifier and whether the bundler drops it (type-only). */
interface Statement {
  specifier: string;
  typeOnly: boolean;
}

const statementPattern =
  /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function statementsOf(text: string): Statement[] {
  return [...text.matchAll(statementPattern)].map((m) =>
    m[4] !== undefined ? { specifier: m[4], typeOnly: false } : { specifier: m[3]!, typeOnly: m[2] !== undefined },
  );
}

const byPath = new Map(sources.map((f) => [f.path, f]));

/** The source file a repo-relative import target names (with or without extension, or a folder's index). */
function resolve(to: string): SourceFile | undefined {
  for (const candidate of [to, `${to}.ts`, `${to}/index.ts`]) {
    const file = byPath.get(candidate);
    if (file) return file;
  }
  return undefined;
}

/** Every package a runtime import path from `entries` reaches (type-only imports are not followed). */
function packagesReachedFrom(entries: string[]): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const path = queue.pop()!;
    const file = byPath.get(path);
    if (!file || seen.has(path)) continue;
    seen.add(path);
    for (const s of statementsOf(file.text).filter((st) => !st.typeOnly)) {
      const to = target(file, s.specifier);
      if (to === undefined) packages.add(s.specifier);
      else {
        const next = resolve(to);
        if (next) queue.push(next.path);
      }
    }
  }
  return [...packages].sort();
}

describe('architecture', () => {
  it('finds the source files it checks', () => {
    expect(sources.some((f) => f.path === 'src-main/desktop/main.ts')).toBe(true);
    expect(sources.some((f) => f.path === 'src-renderer/App.svelte')).toBe(true);
    expect(importsOf("import { a } from './x';\nimport type { B } from \"../y\";\nexport * from './z';")).toEqual([
      './x',
      '../y',
      './z',
    ]);
  });

  it('keeps the engine free of everything outside itself', () => {
    const pureLibraries = ['ethers'];
    const found = violations(under('src-main/engine/'), (s, to) =>
      to !== undefined ? !to.startsWith('src-main/engine/') : isNodeBuiltin(s) || !pureLibraries.includes(s),
    );
    expect(found).toEqual([]);
  });

  it('lets only desktop/ touch electron', () => {
    const found = violations(
      (f) => !f.path.startsWith('src-main/desktop/'),
      (s) => s === 'electron' || s.startsWith('electron/'),
    );
    expect(found).toEqual([]);
  });

  it('reaches the engine from other folders only through engine/index.ts', () => {
    const found = violations(
      (f) => f.path.startsWith('src-main/') && !f.path.startsWith('src-main/engine/'),
      (_s, to) =>
        to !== undefined &&
        to.startsWith('src-main/engine/') &&
        to !== 'src-main/engine/index' &&
        to !== 'src-main/engine',
    );
    expect(found).toEqual([]);
  });

  it('keeps market/, storage/ and api/ out of each other and out of the hosts', () => {
    const forbidden: Record<string, string[]> = {
      'src-main/market/': ['src-main/storage/', 'src-main/api/', 'src-main/desktop/', 'src-main/headless/'],
      'src-main/storage/': ['src-main/market/', 'src-main/api/', 'src-main/desktop/', 'src-main/headless/'],
      'src-main/api/': ['src-main/market/', 'src-main/storage/', 'src-main/desktop/', 'src-main/headless/'],
    };
    const found = Object.entries(forbidden).flatMap(([folder, banned]) =>
      violations(under(folder), (_s, to) => to !== undefined && banned.some((b) => to.startsWith(b))),
    );
    const apiPackages = violations(under('src-main/api/'), (s) => ['electron', 'ws', 'better-sqlite3'].includes(s));
    expect([...found, ...apiPackages]).toEqual([]);
  });

  it('keeps proofs/ to itself and the engine index: no electron, hosts, api, storage, market or compose', () => {
    const found = violations(under('src-main/proofs/'), (s, to) =>
      to !== undefined
        ? !to.startsWith('src-main/proofs/') && to !== 'src-main/engine/index' && to !== 'src-main/engine'
        : s === 'electron' || s.startsWith('electron/'),
    );
    expect(found).toEqual([]);
  });

  it('keeps the network to the engine ports, proof systems and itself', () => {
    const found = violations(
      under('src-main/network/'),
      (s, to) =>
        (to !== undefined &&
          !to.startsWith('src-main/network/') &&
          !to.startsWith('src-main/proofs/') &&
          to !== 'src-main/engine/index') ||
        s === 'electron' ||
        s.startsWith('electron/'),
    );
    expect(found).toEqual([]);
  });

  it('imports desktop/ and headless/ from nowhere else', () => {
    const found = violations(
      (f) => f.path.startsWith('src-main/'),
      (_s, to, f) =>
        to !== undefined &&
        ((to.startsWith('src-main/desktop/') && !f.path.startsWith('src-main/desktop/')) ||
          (to.startsWith('src-main/headless/') && !f.path.startsWith('src-main/headless/'))),
    );
    expect(found).toEqual([]);
  });

  it('lets only the two hosts use compose/, and keeps compose/ out of the hosts', () => {
    const users = violations(
      (f) => f.path.startsWith('src-main/') && !/^src-main\/(compose|desktop|headless)\//.test(f.path),
      (_s, to) => to !== undefined && to.startsWith('src-main/compose/'),
    );
    const compose = violations(under('src-main/compose/'), (s, to) =>
      to !== undefined ? /^src-main\/(desktop|headless)\//.test(to) : s === 'electron',
    );
    expect([...users, ...compose]).toEqual([]);
  });

  it('lets the renderer import only types from the api, and values only from its plain modules', () => {
    // Types from the contract, the DTOs and the error envelope; values only from modules that carry no
    // schemas (validation runs in main: api/dispatch.ts checks every payload).
    const typesFrom = ['src-main/api/contract', 'src-main/api/dto', 'src-main/api/errors'];
    const valuesFrom = [
      'src-main/api/availability-rules',
      'src-main/api/byte-size',
      'src-main/api/chain-settings-rules',
      'src-main/api/closed-lists',
      'src-main/api/decimal',
      'src-main/api/network-settings-rules',
      'src-main/api/ws-protocol',
    ];
    const found = sources
      .filter(under('src-renderer/'))
      .flatMap((f) => statementsOf(f.text).map((s) => ({ f, s, to: target(f, s.specifier) })))
      .filter(({ to }) => to !== undefined && to.startsWith('src-main/'))
      .filter(({ s, to }) => !valuesFrom.includes(to!) && !(s.typeOnly && typesFrom.includes(to!)))
      .map(({ f, s }) => `${f.path} imports ${s.typeOnly ? 'types from ' : ''}${s.specifier}`);
    expect(found).toEqual([]);
  });

  it('keeps zod out of the renderer: no runtime import path from the dashboard reaches it', () => {
    // The walk follows what the bundler keeps: every import except `import type` / `export type`.
    expect(packagesReachedFrom(['src-main/api/contract.ts'])).toContain('zod');
    const renderer = sources.filter(under('src-renderer/')).map((f) => f.path);
    const reached = packagesReachedFrom(renderer);
    expect(reached.filter((p) => p === 'zod' || p.startsWith('zod/'))).toEqual([]);
    // Svelte and nothing else: the shared rules and lists reach into the engine, which imports no package.
    expect(reached.filter((p) => !/^svelte(\/|$)/.test(p))).toEqual([]);
  });

  it('lets only src-renderer/backend/ touch window.api or WebSocket', () => {
    const found = sources
      .filter((f) => f.path.startsWith('src-renderer/') && !f.path.startsWith('src-renderer/backend/'))
      .filter((f) => /window\.api\b|new WebSocket\b|\bWebSocket\./.test(f.text))
      .map((f) => f.path);
    expect(found).toEqual([]);
  });

  it('keeps the backend behind state/ and the bootstrap', () => {
    const found = violations(
      (f) =>
        f.path.startsWith('src-renderer/') &&
        !/^src-renderer\/(backend|state)\//.test(f.path) &&
        f.path !== 'src-renderer/main.ts',
      (_s, to) => to !== undefined && to.startsWith('src-renderer/backend'),
    );
    expect(found).toEqual([]);
  });

  it('keeps shared components generic and domain components to at most one other domain', () => {
    const shared = violations(
      under('src-renderer/components/shared/'),
      (_s, to) =>
        to !== undefined &&
        to.startsWith('src-renderer/') &&
        !to.startsWith('src-renderer/components/shared/') &&
        to !== 'src-renderer/testids',
    );
    const crossDomain = sources
      .filter((f) => /^src-renderer\/components\/(?!shared\/)[^/]+\//.test(f.path))
      .flatMap((f) => {
        const own = f.path.split('/')[2];
        const others = new Set(
          f.imports
            .map((s) => target(f, s))
            .filter((to): to is string => to !== undefined && to.startsWith('src-renderer/components/'))
            .map((to) => to.split('/')[2])
            .filter((domain) => domain !== 'shared' && domain !== own),
        );
        return others.size > 1 ? [`${f.path} imports ${others.size} other domains`] : [];
      });
    expect([...shared, ...crossDomain]).toEqual([]);
  });

  it('keeps state/ away from components and views, and views imported only by App.svelte', () => {
    const state = violations(
      under('src-renderer/state/'),
      (_s, to) => to !== undefined && /^src-renderer\/(components|views)\//.test(to),
    );
    const views = violations(
      (f) => f.path !== 'src-renderer/App.svelte' && !f.path.startsWith('src-renderer/views/'),
      (_s, to) => to !== undefined && to.startsWith('src-renderer/views/'),
    );
    expect([...state, ...views]).toEqual([]);
  });

  it('keeps the dev-only chain toolchain (Hardhat, EDR, solc) inside market/devnet/, Hardhat behind a lazy import', () => {
    const devTools = /['"](hardhat(\/[^'"]*)?|@nomicfoundation\/[^'"]+|solc(\/[^'"]*)?)['"]/;
    const outside = sources
      .filter((f) => !f.path.startsWith('src-main/market/devnet/') && devTools.test(f.text))
      .map((f) => f.path);
    const eager = violations(under('src-main/market/devnet/'), (s) => /^(hardhat|@nomicfoundation\/)/.test(s));
    expect([...outside, ...eager]).toEqual([]);
  });

  it('has no file over 800 lines and lists those over 400', () => {
    const lengths = sources.map((f) => ({ path: f.path, lines: f.text.split('\n').length }));
    const long = lengths.filter((f) => f.lines > 400);
    if (long.length > 0)
      console.warn(
        `Files over 400 lines (a smell, see docs/architecture.md):\n${long.map((f) => `  ${f.path}: ${f.lines}`).join('\n')}`,
      );
    expect(lengths.filter((f) => f.lines > 800)).toEqual([]);
  });
});
