// `npm run bench [-- name…]`: every benchmark in bench/, or those whose file name contains a given
// word. Each prints ratios against a baseline measured in the same run; none gates anything.
// Plain scripts run on the pinned Node with TypeScript type stripping; *.bench.test.ts files need
// a browser or vitest's module graph and run under bench/vitest.config.ts.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuild } from './ensure-build.mjs';

const root = join(import.meta.dirname, '..');
const wanted = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') || f.endsWith('.bench.test.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`No benchmark matches ${wanted.join(', ')}; see bench/.\n`);
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== bench/${file}\n`);
  const run = file.endsWith('.bench.test.ts')
    ? (ensureBuild(),
      spawnSync(
        join(root, 'node_modules', '.bin', 'vitest'),
        ['run', '--config', 'bench/vitest.config.ts', `bench/${file}`],
        {
          cwd: root,
          stdio: 'inherit',
        },
      ))
    : spawnSync(
        process.execPath,
        [
          '--experimental-transform-types',
          '--no-warnings',
          '--import',
          './test/fakes/node-ts-hooks.mjs',
          `bench/${file}`,
        ],
        { cwd: root, stdio: 'inherit' },
      );
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
