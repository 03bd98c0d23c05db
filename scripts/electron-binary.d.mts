// Types for electron-binary.mjs, so the tests under test/ can import it from TypeScript.
import { type Progress } from './download-progress.mjs';

/** The version of the electron package in packageDir. */
export function electronVersion(packageDir: string): string;

/** The installed Electron executable, or undefined when electron's install step must run. */
export function installedElectron(packageDir: string, env: NodeJS.ProcessEnv): string | undefined;

/** The Electron binary, downloaded and installed first if missing, or the reason there is none. */
export function ensureElectron(
  packageDir: string,
  options: {
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
    onStart?: () => void;
    onProgress?: (progress: Progress) => void;
  },
): Promise<{ binary: string; reason?: undefined } | { binary?: undefined; reason: string }>;
