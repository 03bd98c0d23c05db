// `npm start`: the desktop app. Where Electron cannot start (no binary, no display) it says why in
// one line and serves the same dashboard headless instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureBuild } from './ensure-build.mjs';

const root = join(import.meta.dirname, '..');

/** Why Electron cannot start here, or undefined when it can. */
function whyElectronCannotStart() {
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return 'the electron package is not installed; run npm install';
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile))
    return 'no Electron binary is installed (it is downloaded on first install and that download is unavailable here)';
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return `the Electron binary ${binary} is missing`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  }
  return undefined;
}

ensureBuild();
const reason = whyElectronCannotStart();
if (reason) {
  process.stdout.write(`Slotkeeper: Electron cannot start because ${reason}; starting headless mode instead.\n`);
  await import('../out/main/headless.js');
} else {
  const electronPath = createRequire(import.meta.url)('electron');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electronPath, [root, ...process.argv.slice(2)], { stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
