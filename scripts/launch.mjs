// What `npm start` does, with its surroundings passed in so tests can drive it: open the desktop window,
// fetching the Electron binary first if needed, or say in one line why not and start headless instead.
import { progressReporter } from './download-progress.mjs';
import { electronVersion, ensureElectron } from './electron-binary.mjs';

/** Seconds the first-start download may take unless SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT says otherwise. */
export const defaultDownloadTimeoutSeconds = 600;

/** The download limit in ms from SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT, or { error } for a bad value. */
export function downloadTimeout(env) {
  const raw = env.SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT;
  if (raw === undefined || raw === '') return { ms: defaultDownloadTimeoutSeconds * 1000 };
  const seconds = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(seconds > 0)) {
    return {
      error: `SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT must be a number of seconds greater than 0, for example 900 (got "${raw}")`,
    };
  }
  return { ms: Math.round(seconds * 1000) };
}

function noDisplay(env, platform) {
  return platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY;
}

/** Resolves once the child has started ('spawn') or failed to ('error'). */
function started(child) {
  return new Promise((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', (error) => resolve(error));
  });
}

/**
 * Starts the window or headless mode. Options: appDir (the app Electron loads), args (npm start's flags),
 * env, platform, packageDir (the electron package, undefined when not installed), spawn (child_process's),
 * startHeadless(args), out (the reason line), err (progress and errors, a stream with isTTY).
 * Returns { window: child } | { headless: reason } | { refused: message } for a bad setting.
 */
export async function launch({ appDir, args, env, platform, packageDir, spawn, startHeadless, out, err }) {
  const headless = async (cause) => {
    // Library messages often end in a full stop of their own.
    const reason = cause.replace(/\.+$/, '');
    out.write(`Slotkeeper: starting headless mode because ${reason}.\n`);
    await startHeadless(args.filter((arg) => arg !== '--headless'));
    return { headless: reason };
  };
  const timeout = downloadTimeout(env);
  if (timeout.error) {
    err.write(`Slotkeeper: ${timeout.error}.\n`);
    return { refused: timeout.error };
  }
  if (args.includes('--headless')) return headless('--headless was given');
  if (!packageDir) return headless('the electron package is not installed (run npm install)');
  if (noDisplay(env, platform)) return headless('there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)');

  const label = `Slotkeeper: downloading Electron ${electronVersion(packageDir)}`;
  const progress = progressReporter(err, { label });
  const found = await ensureElectron(packageDir, {
    env,
    timeoutMs: timeout.ms,
    onStart: () => err.write(`${label} (once: later starts use the copy in node_modules/electron)…\n`),
    onProgress: (bytes) => progress.update(bytes),
  });
  progress.end();
  if (found.reason) return headless(found.reason);

  const childEnv = { ...env };
  // Set by some tools (and by Electron for its own children); it would make the binary run as plain Node.
  delete childEnv.ELECTRON_RUN_AS_NODE;
  const child = spawn(found.binary, [appDir, ...args], { stdio: 'inherit', env: childEnv });
  const failure = await started(child);
  if (failure) return headless(`the Electron binary ${found.binary} could not be run: ${failure.message}`);
  return { window: child };
}
