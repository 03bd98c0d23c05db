// Where the proving worker's script is: beside this file when running from source (tests, benches),
// or the build's own entry `groth16-prove-worker.js` in out/main/ (this code may sit in out/main/chunks/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Not string literals inside `new URL(…, import.meta.url)`: the bundler would try to emit them as assets.
const CANDIDATES = ['./prove-worker.ts', './groth16-prove-worker.js', '../groth16-prove-worker.js'];

/** The URL of the proving worker script; throws when neither the source nor the built worker is found. */
export function defaultWorkerUrl(): URL {
  for (const candidate of CANDIDATES) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(
    `The Groth16 proving worker script is missing next to ${fileURLToPath(import.meta.url)} (looked for ${CANDIDATES.join(', ')}): the build is incomplete.`,
  );
}
