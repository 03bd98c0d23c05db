// Where Slotkeeper keeps the operator's data when no --data-dir is given. Matches Electron's
// app.getPath('userData') for the product name, so the desktop app and headless mode share it.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The platform's per-user application data folder for Slotkeeper. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Slotkeeper');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Slotkeeper');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Slotkeeper');
}
