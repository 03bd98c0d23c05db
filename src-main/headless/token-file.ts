// The headless token is kept in the data folder so the dashboard's address stays the same across
// restarts; only the operator's account can read it.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from '../storage/private-files';
import { generateToken } from './auth';

/** The token in effect: the one given on the command line, else the stored one, else a new stored one. */
export function resolveToken(dataDir: string, given: string | undefined): string {
  if (given !== undefined) return given;
  const file = join(dataDir, 'headless-token');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    chmodSync(file, 0o600);
    if (/^[A-Za-z0-9._~-]{16,256}$/.test(stored)) return stored;
  }
  const token = generateToken();
  writePrivateFile(file, token + '\n');
  return token;
}
