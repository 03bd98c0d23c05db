// Lets plain Node 24 run this repo's TypeScript: `node --experimental-transform-types --import
// ./test/fakes/node-ts-hooks.mjs file.ts`. Node strips or transforms the types itself; this hook
// resolves the extensionless relative imports the bundler-style sources use ('./x' → './x.ts'
// or './x/index.ts'; './x.js' → './x.ts'), and the Poseidon2 virtual modules the build provides
// (src-main/proofs/codex/wasm/build/): emitted once into .cache/ by the same code as the Vite
// plugin, keyed by a hash of the sources they come from. Used by benchmarks and by tests that run
// engine code in a child process.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const relative = (specifier) => specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/');
const root = fileURLToPath(new URL('../../', import.meta.url));
const virtualIds = new Set(['virtual:codex-poseidon2-wasm', 'virtual:codex-hash-worker']);
let virtualDir;

/** Every file under `dir`, sorted, for the cache key. */
function filesUnder(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** The folder holding the emitted virtual modules, emitting them first when this source tree has none. */
function virtualModules() {
  if (virtualDir) return virtualDir;
  const hash = createHash('sha256');
  for (const file of [...filesUnder(join(root, 'src-main/proofs/codex')), join(root, 'package-lock.json')])
    hash.update(file).update(readFileSync(file));
  const dir = join(root, '.cache', 'poseidon2-wasm', 'node', hash.digest('hex').slice(0, 24));
  if (!existsSync(join(dir, 'virtual-codex-hash-worker.mjs'))) {
    const emit = join(root, 'src-main/proofs/codex/wasm/build/emit-virtual-modules.ts');
    execFileSync(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings', '--import', fileURLToPath(import.meta.url), emit, dir],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  virtualDir = dir;
  return dir;
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (virtualIds.has(specifier)) {
      const file = join(virtualModules(), `${specifier.replace(/[^a-z0-9-]/gi, '-')}.mjs`);
      return { url: pathToFileURL(file).href, format: 'module', shortCircuit: true };
    }
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND' && error?.code !== 'ERR_UNSUPPORTED_DIR_IMPORT') throw error;
      if (!relative(specifier)) throw error;
      // './x.js' names './x.ts' in TypeScript's convention (used where a native loader reads the file).
      const candidates = specifier.endsWith('.js')
        ? [specifier.slice(0, -3) + '.ts']
        : ['.ts', '/index.ts'].map((suffix) => specifier + suffix);
      for (const candidate of candidates) {
        try {
          return nextResolve(candidate, context);
        } catch {
          // try the next form; the original error is the one worth reporting
        }
      }
      throw error;
    }
  },
});
