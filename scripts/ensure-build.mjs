// Builds out/ when it is missing or older than any source, so `npm start`, `npm run headless`
// and `npm test` work straight after a clone without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const stamp = join(root, 'out', '.build-stamp');
const inputs = [
  'src-main',
  'src-renderer',
  'resources',
  'contracts',
  'electron.vite.config.ts',
  'svelte.config.js',
  'package.json',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Runs electron-vite build if out/ is stale; exits the process if the build fails. */
export function ensureBuild() {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const sources = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
  if (built >= sources) return;
  process.stderr.write('Slotkeeper: building the app (electron-vite build)…\n');
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.status !== 0) {
    process.stderr.write('Slotkeeper: the build failed; see the messages above.\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, new Date().toISOString() + '\n');
}
