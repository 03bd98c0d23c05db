// Compiles the Poseidon2 AssemblyScript sources (../assembly/) to wasm at build time, caching the
// binary under .cache/poseidon2-wasm/ by the hash of everything that goes into it, so a fresh
// clone compiles once (≈2–8 s) and later builds and test runs reuse it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { FIELD_MODULUS } from '../../poseidon2/field.js';
import { generateFieldSource } from './generate-field.js';

const assemblyDir = fileURLToPath(new URL('../assembly/', import.meta.url));

const compilerOptions = {
  optimizeLevel: 3,
  shrinkLevel: 0,
  runtime: 'stub',
  noAssert: true,
  initialMemory: 8,
  maximumMemory: 8,
} as const;

/** The compiled module and the hash that names it. */
export interface CompiledPoseidon2Wasm {
  readonly bytes: Uint8Array;
  readonly hash: string;
}

/** The AssemblyScript sources by file name: the hand-written one and the generated field. */
export function poseidon2WasmSources(): Record<string, string> {
  return {
    'poseidon2.ts': readFileSync(join(assemblyDir, 'poseidon2.ts'), 'utf8'),
    'field.ts': generateFieldSource(FIELD_MODULUS),
  };
}

/** Compiles (or reads from `cacheDir`) the Poseidon2 wasm module. */
export async function compilePoseidon2Wasm(cacheDir: string): Promise<CompiledPoseidon2Wasm> {
  const sources = poseidon2WasmSources();
  const hash = createHash('sha256')
    .update(JSON.stringify({ asc: asc.version, compilerOptions, sources }))
    .digest('hex')
    .slice(0, 32);
  const cached = join(cacheDir, `${hash}.wasm`);
  if (existsSync(cached)) return { bytes: new Uint8Array(readFileSync(cached)), hash };
  const result = await asc.compileString(sources, { ...compilerOptions });
  if (result.error || !result.binary)
    throw new Error(`AssemblyScript could not compile the Poseidon2 module:\n${result.stderr.toString()}`);
  mkdirSync(cacheDir, { recursive: true });
  // Written beside its final name and renamed, so a concurrent build never reads half a file.
  const temporary = `${cached}.${process.pid}.tmp`;
  writeFileSync(temporary, result.binary);
  renameSync(temporary, cached);
  return { bytes: result.binary, hash };
}
