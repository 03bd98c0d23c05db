// The Vite plugin that makes the Poseidon2 wasm and its hashing worker importable, in the app's
// electron-vite build and in vitest alike, so both load the same bytes the same way:
//  - `virtual:codex-poseidon2-wasm` exports the compiled module as base64 (compile.ts), so the
//    bundle carries it and finds it wherever out/ is;
//  - `virtual:codex-hash-worker` exports the hashing worker (../../pool/hash-worker.ts) bundled
//    into one CommonJS script, which the pool starts with `new Worker(source, { eval: true })`
//    and no file lookup.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import { compilePoseidon2Wasm } from './compile.js';

const WASM_ID = 'virtual:codex-poseidon2-wasm';
const WORKER_ID = 'virtual:codex-hash-worker';
const workerEntry = fileURLToPath(new URL('../../pool/hash-worker.ts', import.meta.url));

async function bundleWorker(projectRoot: string): Promise<string> {
  const result = await build({
    configFile: false,
    envDir: false,
    logLevel: 'warn',
    root: projectRoot,
    build: {
      write: false,
      ssr: workerEntry,
      minify: false,
      sourcemap: false,
      rolldownOptions: { output: { format: 'cjs' } },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs)
    if ('output' in output)
      for (const chunk of output.output) if (chunk.type === 'chunk' && chunk.isEntry) return chunk.code;
  throw new Error('bundling the hashing worker produced no entry chunk');
}

/** The plugin; `projectRoot` holds `.cache/`. */
export function codexPoseidon2Wasm(projectRoot: string): Plugin {
  const cacheDir = join(projectRoot, '.cache', 'poseidon2-wasm');
  return {
    name: 'slotkeeper:codex-poseidon2-wasm',
    resolveId(id) {
      if (id === WASM_ID || id === WORKER_ID) return `\0${id}`;
      return undefined;
    },
    async load(id) {
      if (id === `\0${WASM_ID}`) {
        const { bytes, hash } = await compilePoseidon2Wasm(cacheDir);
        return `export const wasmBase64 = ${JSON.stringify(Buffer.from(bytes).toString('base64'))};\nexport const wasmHash = ${JSON.stringify(hash)};\n`;
      }
      if (id === `\0${WORKER_ID}`)
        return `export const workerSource = ${JSON.stringify(await bundleWorker(projectRoot))};\n`;
      return undefined;
    },
  };
}
