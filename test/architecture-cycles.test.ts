// No import cycles in the sources. A runtime cycle makes module initialisation order matter (a class
// used before its module ran is `undefined`); a type-only one is harmless to run but still means
// code sits away from its owner (the type belongs beside the code both sides use). So both count.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const relativeImport =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Repo-relative paths of the source files a source imports, types included. */
function importedFiles(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(relativeImport)) {
    const base = normalize(join(dirname(join(root, file)), m[1] ?? m[2] ?? ''));
    const candidate = [`${base}.ts`, `${base}/index.ts`, base].find((p) => existsSync(p) && statSync(p).isFile());
    if (candidate !== undefined) found.push(relative(root, candidate).split(sep).join('/'));
  }
  return found;
}

/** Every strongly connected group of two or more files (or a file importing itself). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      group.push(member);
      if (member === node) break;
    }
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) groups.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return groups;
}

describe('import cycles', () => {
  it('finds a cycle when there is one, and none in a chain', () => {
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('counts type-only imports as well as value imports', () => {
    const text = "import type { A } from './engine/ports/index';\nimport { b } from './engine/index';";
    expect(importedFiles('src-main/x.ts', text)).toEqual([
      'src-main/engine/ports/index.ts',
      'src-main/engine/index.ts',
    ]);
  });

  it('has no import cycle in src-main or src-renderer', () => {
    const files = ['src-main', 'src-renderer']
      .flatMap((top) => walk(join(root, top)))
      .filter((file) => /\.(ts|svelte)$/.test(file))
      .map((file) => relative(root, file).split(sep).join('/'));
    const graph = new Map(files.map((file) => [file, importedFiles(file, readFileSync(join(root, file), 'utf8'))]));
    expect(cyclesOf(graph)).toEqual([]);
  });
});
