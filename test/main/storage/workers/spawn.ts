import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const hooks = fileURLToPath(new URL('../../../fakes/node-ts-hooks.mjs', import.meta.url));

/** Starts a TypeScript worker of this folder in a child Node (the same Node 24 that runs the tests). */
export function spawnWorker(name: string, args: readonly string[]): ChildProcess {
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  return spawn(
    process.execPath,
    ['--experimental-transform-types', '--no-warnings', '--import', hooks, script, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** Runs a worker to its end; resolves with its stdout, rejects with its stderr when it fails. */
export function runWorker(name: string, args: readonly string[]): Promise<string> {
  const child = spawnWorker(name, args);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${name} exited with ${code}: ${err}`))));
  });
}
