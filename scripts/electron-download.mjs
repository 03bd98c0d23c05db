// Child process of electron-binary.mjs: fetches Electron's release zip into @electron/get's cache with the
// same arguments electron's own install.js passes, so install.js then finds it there and only unpacks it.
// It runs in its own process because @electron/get reads its settings (ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR,
// npm_config_electron_*, ELECTRON_GET_USE_PROXY …) from process.env, and the caller's env must be the one used.
// Usage: node electron-download.mjs <electron package dir> <timeout ms>; reports over IPC:
// { progress: { transferred, total } } … then { done: zipPath } or { error: message, timedOut }.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, timeoutArg] = process.argv.slice(2);
const timeoutMs = Number(timeoutArg);
const requireFromElectron = createRequire(join(packageDir, 'package.json'));
const send = (message) => new Promise((resolve) => process.send(message, resolve));

/** install.js's choice of platform and arch, kept identical so its cache lookup hits our download. */
function target(env) {
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  let arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
  if (platform === 'darwin' && process.platform === 'darwin' && arch === 'x64' && env.npm_config_arch === undefined) {
    // Under Rosetta install.js fetches the arm64 build; so must we.
    try {
      if (execSync('sysctl -in sysctl.proc_translated').toString().trim() === '1') arch = 'arm64';
    } catch {
      // Not translated (or no sysctl): x64 stands, as in install.js.
    }
  }
  return { platform, arch };
}

/** The message and its causes ("fetch failed: getaddrinfo ENOTFOUND github.com"), on one line. */
function describe(error) {
  const parts = [];
  for (let e = error; e && parts.length < 4; e = e.cause) parts.push(e.message || String(e));
  return parts.join(': ').replace(/\s+/g, ' ');
}

try {
  const { downloadArtifact } = await import(pathToFileURL(requireFromElectron.resolve('@electron/get')).href);
  const env = process.env;
  const useRemoteChecksums = env.electron_use_remote_checksums || env.npm_config_electron_use_remote_checksums;
  let lastSent = 0;
  const zipPath = await downloadArtifact({
    version: requireFromElectron('./package.json').version,
    artifactName: 'electron',
    force: env.force_no_cache === 'true',
    cacheRoot: env.electron_config_cache,
    checksums: useRemoteChecksums ? undefined : requireFromElectron('./checksums.json'),
    ...target(env),
    downloadOptions: {
      quiet: true,
      signal: AbortSignal.timeout(timeoutMs),
      getProgressCallback: ({ transferred, total }) => {
        // Called per chunk; the parent prints at most once a second, so a few messages a second suffice.
        const now = Date.now();
        if (now - lastSent < 200 && transferred !== total) return;
        lastSent = now;
        process.send({ progress: { transferred, total } });
      },
    },
  });
  await send({ done: zipPath });
} catch (error) {
  await send({ error: describe(error), timedOut: error?.name === 'TimeoutError' });
}
process.disconnect();
