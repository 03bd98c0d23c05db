// `npm test`: every vitest project, then one summary line `N passed, N failed` for CI.
// Without Chromium the end-to-end tests are skipped and the run says so; under CI=true a missing
// Chromium is a failure, because CI must exercise what an operator sees.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuild } from './ensure-build.mjs';

const root = join(import.meta.dirname, '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';

function findChromium() {
  // An explicit CHROMIUM_PATH is the only candidate, so a wrong one is reported rather than bypassed.
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  const which = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' });
  return which.stdout.trim().split('\n')[0] || undefined;
}

const chromium = findChromium();
const skipMessage =
  'End-to-end tests SKIPPED: Chromium was not found. Enable them with `apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium binary).';
if (!chromium && ci) {
  process.stderr.write('Chromium is required under CI=true (.ci/run installs it with apt-get install -y chromium).\n');
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}

// The end-to-end and packaging tests run the built app.
ensureBuild();

const report = join(root, 'test-results', 'vitest.json');
mkdirSync(join(root, 'test-results'), { recursive: true });
rmSync(report, { force: true });
const projects = chromium ? [] : ['--project', 'main', '--project', 'renderer', '--project', 'faults'];
const extra = process.argv.slice(2);
const run = spawnSync(
  join(root, 'node_modules', '.bin', 'vitest'),
  ['run', ...projects, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  failed = result.numFailedTests + (result.numRuntimeErrors ?? 0);
  skipped = result.numPendingTests + result.numTodoTests;
  // A file that failed to load has no tests but must still count as a failure.
  failed += result.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
}
const status = run.status ?? 1;
if (status !== 0 && failed === 0) failed = 1;
if (!chromium) process.stdout.write(`\n${skipMessage}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(status);
