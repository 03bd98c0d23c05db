// Lets plain Node 24 run this repo's TypeScript: `node --experimental-transform-types --import
// ./test/fakes/node-ts-hooks.mjs file.ts`. Node strips or transforms the types itself; this hook
// only resolves the extensionless relative imports the bundler-style sources use ('./x' → './x.ts'
// or './x/index.ts'; './x.js' → './x.ts'). Used by benchmarks and by tests that run engine code in a
// child process.
import { registerHooks } from 'node:module';

const relative = (specifier) => specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/');

registerHooks({
  resolve(specifier, context, nextResolve) {
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
