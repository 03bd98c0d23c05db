// `npm start [-- --headless] [-- flags]`: the desktop app. On first start it fetches the Electron binary
// (see electron-binary.mjs for why not at install); where the window cannot open it says why in one line
// and serves the same dashboard headless instead. The decisions live in launch.mjs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureBuild } from './ensure-build.mjs';
import { launch } from './launch.mjs';

const root = join(import.meta.dirname, '..');

function electronPackageDir() {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

ensureBuild();
const result = await launch({
  appDir: root,
  args: process.argv.slice(2),
  env: process.env,
  platform: process.platform,
  packageDir: electronPackageDir(),
  spawn,
  startHeadless: async (args) => {
    // headless.js reads its flags from process.argv.
    process.argv = [...process.argv.slice(0, 2), ...args];
    await import('../out/main/headless.js');
  },
  out: process.stdout,
  err: process.stderr,
});
if (result.refused) process.exit(2);
result.window?.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
