// Compiles the project's Solidity (contracts/) with solc-js 0.8.28 from its bundled soljson: no
// compiler download is ever attempted (never loadRemoteVersion). Output is cached by a hash of the
// compiler version, the settings and every source, so warm runs never load the 9 MB compiler.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import type { JsonFragment } from 'ethers';
import { writeFileAtomic } from '../chain/atomic-file';

/** A compiled contract: what ethers needs to deploy and call it. */
export interface Artifact {
  readonly abi: JsonFragment[];
  readonly bytecode: string;
  /** Runtime code size in bytes (EIP-170 caps it at 24,576). */
  readonly runtimeSize: number;
}

/** Every contract of the sources, by contract name, and the hash the cache knows them by. */
export interface CompiledContracts {
  readonly sourceHash: string;
  readonly contracts: Record<string, Artifact>;
}

/** Codex compiles with the optimizer for cancun; unoptimized, the Marketplace exceeds EIP-170. */
export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
} as const;

/** The solc-js version that compiles, read without loading the compiler. */
export function solcVersion(): string {
  const require = createRequire(import.meta.url);
  try {
    return (require('solc/package.json') as { version: string }).version;
  } catch {
    throw new Error('Compiling contracts needs the development dependency "solc" (npm install in a source checkout).');
  }
}

/** Every .sol file under `dir`, as forward-slash paths relative to it, sorted. */
export function solidityFiles(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const full = join(d, name);
      if (statSync(full).isDirectory()) return walk(full);
      return name.endsWith('.sol') ? [relative(dir, full).split(sep).join('/')] : [];
    });
  return walk(dir).sort();
}

/** The cache key of the sources under `dir`: compiler version, settings, and each file's path and bytes. */
export function sourceHashOf(dir: string, files = solidityFiles(dir)): string {
  const hash = createHash('sha256').update(solcVersion()).update(JSON.stringify(SOLC_SETTINGS));
  for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(join(dir, file)));
  return hash.digest('hex');
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<string, { abi: JsonFragment[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >;
}

/** Compiles every .sol file under `sourcesDir`, from `cacheDir` when the same sources were compiled before. */
export function compileContracts(sourcesDir: string, cacheDir: string): CompiledContracts {
  const files = solidityFiles(sourcesDir);
  if (files.length === 0) throw new Error(`No Solidity sources in ${sourcesDir}.`);
  const sourceHash = sourceHashOf(sourcesDir, files);
  const cached = join(cacheDir, `${sourceHash}.json`);
  if (existsSync(cached)) {
    const parsed = JSON.parse(readFileSync(cached, 'utf8')) as CompiledContracts;
    if (parsed.sourceHash === sourceHash) return parsed;
  }
  const sources = Object.fromEntries(files.map((f) => [f, { content: readFileSync(join(sourcesDir, f), 'utf8') }]));
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string, callbacks?: unknown): string };
  const output = JSON.parse(
    solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: SOLC_SETTINGS }), {
      // Every source is given up front; an import outside contracts/ is a mistake, not a download.
      import: (path: string) => ({ error: `${path} is not under ${sourcesDir}` }),
    }),
  ) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0)
    throw new Error(`Solidity compilation failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const contracts: Record<string, Artifact> = {};
  for (const [file, byName] of Object.entries(output.contracts ?? {})) {
    for (const [name, c] of Object.entries(byName)) {
      if (c.evm.bytecode.object === '') continue; // interfaces and abstract contracts
      if (contracts[name]) throw new Error(`Two contracts are named ${name} (one in ${file}); names must be unique.`);
      contracts[name] = {
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        runtimeSize: c.evm.deployedBytecode.object.length / 2,
      };
    }
  }
  const result: CompiledContracts = { sourceHash, contracts };
  mkdirSync(cacheDir, { recursive: true });
  writeFileAtomic(cached, JSON.stringify(result));
  return result;
}
