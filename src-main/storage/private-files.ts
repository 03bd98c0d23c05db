// The data folder holds the operator's token, keys and books: only the operator's account may
// read it. The folder is 0700 and every file in it that says anything about the node is 0600.
// SQLite gives a database's -wal and -shm files the database file's own mode, so a database
// created 0600 (or tightened while closed) keeps its companions private too.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files and folders of a data folder that must be private (names or patterns). */
const PRIVATE_FILE =
  /^(.*\.sqlite(-wal|-shm|-journal)?|settings\.json|window-state\.json|headless-token|slotkeeper\.pid|wallet.*\.json|.*\.key)$/;
const PRIVATE_DIRS = ['logs', 'backups'];

/** Creates `dir` (and its parents) as 0700, or tightens it; returns a warning when it had to tighten. */
export function ensurePrivateFolder(dir: string): string | undefined {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // mkdir's mode passes through the umask, which never adds bits; chmod makes it exact.
    chmodSync(dir, 0o700);
    return undefined;
  }
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return undefined;
  chmodSync(dir, 0o700);
  return `The folder ${dir} was readable by other accounts (mode ${mode.toString(8)}); it is now 0700 (only you).`;
}

/** Writes `text` to a file readable only by its owner, tightening a file that already existed. */
export function writePrivateFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Creates an empty file 0600 if there is none, so whatever opens it next starts private. */
export function createPrivateFile(path: string): void {
  if (existsSync(path)) return;
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/**
 * Makes the data folder 0700 and every private file in it (databases and their -wal/-shm, settings,
 * tokens, keys, logs, backups) 0600. Returns one warning per item that was open to others.
 */
export function tightenDataFolder(dataDir: string): string[] {
  const warnings: string[] = [];
  const folder = ensurePrivateFolder(dataDir);
  if (folder) warnings.push(folder);
  const loosened: string[] = [];
  const tighten = (path: string, mode: number) => {
    const current = statSync(path).mode & 0o777;
    if (current === mode) return;
    chmodSync(path, mode);
    if (current & 0o077) loosened.push(path);
  };
  for (const name of readdirSync(dataDir)) {
    const path = join(dataDir, name);
    if (PRIVATE_FILE.test(name) && statSync(path).isFile()) tighten(path, 0o600);
    else if (PRIVATE_DIRS.includes(name) && statSync(path).isDirectory()) {
      tighten(path, 0o700);
      for (const inner of readdirSync(path)) {
        if (statSync(join(path, inner)).isFile()) tighten(join(path, inner), 0o600);
      }
    }
  }
  if (loosened.length > 0) {
    warnings.push(
      `${loosened.length} private files or folders in ${dataDir} were readable by other accounts; they are now 0600.`,
    );
  }
  return warnings;
}
