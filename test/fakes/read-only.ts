// Makes a folder read-only for this process, by whatever route works here. File modes do not stop
// root (CI runs tests as root), so as root the immutable attribute (chattr +i) is used on the folder
// and everything in it; when neither route works the caller skips, saying why.
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folder is now read-only (undo() restores it), or why it could not be made so. */
export type ReadOnly = { ok: true; undo: () => void } | { ok: false; reason: string };

function tree(dir: string): string[] {
  return [
    dir,
    ...readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? tree(path) : [path];
    }),
  ];
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Makes `dir` and everything under it read-only. */
export function makeReadOnly(dir: string): ReadOnly {
  const paths = tree(dir);
  if (process.getuid?.() !== 0) {
    const modes = paths.map((p) => [p, statSync(p).mode & 0o777] as const);
    for (const [path, mode] of modes) chmodSync(path, mode & 0o555);
    return { ok: true, undo: () => [...modes].reverse().forEach(([path, mode]) => chmodSync(path, mode)) };
  }
  try {
    execFileSync('chattr', ['+i', ...paths], { stdio: 'pipe' });
  } catch (error) {
    return {
      ok: false,
      reason: `running as root, and chattr +i is not available here (${(error as Error).message.split('\n')[0]})`,
    };
  }
  let undone = false;
  const undo = () => {
    if (undone) return;
    undone = true;
    execFileSync('chattr', ['-i', ...paths], { stdio: 'pipe' });
  };
  if (writable(dir)) {
    undo();
    return { ok: false, reason: 'running as root, and chattr +i did not make the folder read-only here' };
  }
  return { ok: true, undo };
}
