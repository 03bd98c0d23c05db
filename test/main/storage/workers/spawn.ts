import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const hooks = fileURLToPath(new URL('../../../fakes/node-ts-hooks.mjs', import.meta.url));

/** The command line that runs a TypeScript worker of this folder in the Node that runs the tests. */
export function workerCommand(name: string, args: readonly string[]): string[] {
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  return [process.execPath, '--experimental-transform-types', '--no-warnings', '--import', hooks, script, ...args];
}

/** Starts a TypeScript worker of this folder in a child Node (the same Node 24 that runs the tests). */
export function spawnWorker(name: string, args: readonly string[]): ChildProcess {
  const [command, ...rest] = workerCommand(name, args);
  return spawn(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
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
