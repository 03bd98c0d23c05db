// The Electron binary for `npm start`, fetched on first start rather than at install.
//
// package.json keeps `"allowScripts": {"electron": false}` on purpose: electron's install script downloads
// about 100 MB from GitHub, and `npm install` / `npm ci` must succeed offline (CI, containers, build hosts
// without network) — a failed install would take every other tool down with it. So nothing is fetched at
// install, and this module does electron's install step when the window is first wanted: electron's own
// @electron/get fetches the zip (mirror, cache and checksums exactly as install.js would), and install.js
// itself then unpacks it from the cache into the package's dist/ and writes path.txt.
import { fork, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How long unpacking may take once the zip is cached; local work, so only a guard against a hang. */
const unpackTimeoutMs = 120_000;
const downloader = join(import.meta.dirname, 'electron-download.mjs');

/** The version of the electron package in packageDir. */
export function electronVersion(packageDir) {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
}

/** Where install.js puts the executable inside dist/ (its getPlatformPath). */
function platformPath(env) {
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function readOr(path, fallback) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * The installed binary, judged as install.js judges it (dist/version matches the package, path.txt names
 * this platform's executable, the executable exists), or undefined when electron's install step must run.
 * ELECTRON_OVERRIDE_DIST_PATH, as in electron's index.js, points at a binary installed elsewhere.
 */
export function installedElectron(packageDir, env) {
  const executable = platformPath(env);
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, readOr(join(packageDir, 'path.txt'), executable));
    return existsSync(binary) ? binary : undefined;
  }
  const binary = join(packageDir, 'dist', executable);
  const version = readOr(join(packageDir, 'dist', 'version'), '')
    .trim()
    .replace(/^v/, '');
  const upToDate = version === electronVersion(packageDir) && readOr(join(packageDir, 'path.txt'), '') === executable;
  return upToDate && existsSync(binary) ? binary : undefined;
}

/** Runs electron-download.mjs; resolves with the cached zip's path or { error }. */
function download(packageDir, env, timeoutMs, onProgress) {
  return new Promise((resolve) => {
    let result;
    const child = fork(downloader, [packageDir, String(timeoutMs)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // The child aborts its own fetch at timeoutMs and cleans its temporary files; this kill is the backstop.
    const backstop = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 10_000);
    child.on('message', (message) => {
      if (message.progress) onProgress(message.progress);
      else result = message;
    });
    child.on('error', (error) => (result ??= { error: error.message }));
    // 'close', not 'exit': it waits for the last IPC message and stderr bytes.
    child.on('close', (code, signal) => {
      clearTimeout(backstop);
      if (result?.timedOut) resolve({ error: `did not finish within ${timeoutMs / 1000} s`, timedOut: true });
      else if (result?.error) resolve({ error: result.error });
      else if (result?.done) resolve({ zipPath: result.done });
      else if (signal === 'SIGKILL') resolve({ error: `did not finish within ${timeoutMs / 1000} s`, timedOut: true });
      else resolve({ error: firstLine(stderr) || `the download process exited with ${signal ?? `code ${code}`}` });
    });
  });
}

function firstLine(text) {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

/** Runs electron's install.js, which finds the zip in the cache, unpacks it into dist/ and writes path.txt. */
function unpack(packageDir, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageDir, 'install.js')], {
      cwd: packageDir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: unpackTimeoutMs,
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolve(error.message));
    // 'close', not 'exit': it waits for the last stderr bytes.
    child.on('close', (code, signal) => {
      if (code === 0) resolve(undefined);
      else if (signal) resolve(`install.js was stopped (${signal}) after ${unpackTimeoutMs / 1000} s`);
      // install.js prints the error's stack; its first line is the message.
      else resolve(firstLine(stderr) || `install.js exited with code ${code}`);
    });
  });
}

/**
 * The Electron binary, downloaded and installed first if it is missing: { binary } or { reason } saying,
 * in the operator's words, why there is none. onStart() is called when a download begins, onProgress with
 * { transferred, total } (total is null when the server sends no length) as bytes arrive.
 */
export async function ensureElectron(packageDir, { env, timeoutMs, onStart = () => {}, onProgress = () => {} }) {
  const installed = installedElectron(packageDir, env);
  if (installed) return { binary: installed };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    return { reason: `ELECTRON_OVERRIDE_DIST_PATH is set but holds no Electron binary` };
  }
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { reason: 'no Electron binary is installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  }
  onStart();
  const fetched = await download(packageDir, env, timeoutMs, onProgress);
  if (fetched.timedOut) {
    return {
      reason: `the Electron download ${fetched.error} (SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT sets the limit in seconds)`,
    };
  }
  if (fetched.error) return { reason: `the Electron download failed: ${fetched.error}` };
  const unpackError = await unpack(packageDir, env);
  if (unpackError) return { reason: `unpacking the downloaded Electron failed: ${unpackError}` };
  const binary = installedElectron(packageDir, env);
  if (!binary) return { reason: `electron's install.js finished but left no binary in ${join(packageDir, 'dist')}` };
  return { binary };
}
