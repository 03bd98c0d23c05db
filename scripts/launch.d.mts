// Types for launch.mjs, so the tests under test/ can import it from TypeScript.
import { type ChildProcess, type spawn } from 'node:child_process';

/** Seconds the first-start download may take unless SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT says otherwise. */
export const defaultDownloadTimeoutSeconds: number;

/** The download limit in ms from SLOTKEEPER_ELECTRON_DOWNLOAD_TIMEOUT, or the error for a bad value. */
export function downloadTimeout(env: NodeJS.ProcessEnv): { ms: number; error?: undefined } | { error: string };

/** What `npm start` is given: its flags and surroundings. */
export interface LaunchOptions {
  appDir: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  packageDir: string | undefined;
  spawn: typeof spawn;
  startHeadless: (args: string[]) => Promise<void>;
  out: { write(text: string): unknown };
  err: { isTTY?: boolean; write(text: string): unknown };
}

/** Opens the desktop window (fetching Electron first if needed) or starts headless with the reason. */
export function launch(
  options: LaunchOptions,
): Promise<{ window: ChildProcess } | { headless: string } | { refused: string }>;
