// Build-time tools for small circuits: compile a circom file with circom2 (wasm, from npm) and give
// it a Groth16 setup from a fresh small powers of tau, leaving a folder with Codex's file names
// (proof_main.wasm, proof_main.zkey, proof_main_verification_key.json, proof_main.r1cs): a circuit
// dir. Never run at app start; a 2^8 setup takes a few seconds.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import * as snarkjs from 'snarkjs';

const require = createRequire(import.meta.url);

/** The versions of the tools a built circuit depends on, for cache keys. */
export function circuitToolVersions(): string {
  return `circom2 ${version('circom2')} snarkjs ${version('snarkjs')}`;
}

// snarkjs exports no ./package.json: found from its entry point instead.
function version(pkg: string): string {
  for (let dir = dirname(require.resolve(pkg)); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
    if (json.name === pkg) return json.version;
  }
  throw new Error(`The package.json of ${pkg} was not found`);
}

/** Compiles `source` into `dir` as proof_main.r1cs and proof_main.wasm. `cwd` must contain both paths. */
export async function compileCircom(source: string, dir: string, cwd: string): Promise<void> {
  const name = basename(source, '.circom');
  // circom2's CLI (WASI) reaches only files under the working directory it preopens: relative paths.
  await promisify(execFile)(
    process.execPath,
    [require.resolve('circom2/cli.js'), relative(cwd, source), '--r1cs', '--wasm', '-o', relative(cwd, dir)],
    { cwd },
  );
  await rename(join(dir, `${name}.r1cs`), join(dir, 'proof_main.r1cs'));
  await rename(join(dir, `${name}_js`, `${name}.wasm`), join(dir, 'proof_main.wasm'));
  await rm(join(dir, `${name}_js`), { recursive: true });
}

/**
 * A Groth16 setup for `dir`/proof_main.r1cs: powers of tau 2^power with one random contribution,
 * phase 2 with one more, the verification key exported. The randomness is thrown away, but it was
 * made on this machine: such a setup is for development chains only.
 */
export async function groth16Setup(dir: string, power: number, label: string): Promise<void> {
  const curve = await snarkjs.curves.getCurveFromName('bn128');
  const p = (name: string) => join(dir, name);
  const entropy = () => randomBytes(32).toString('hex');
  try {
    await snarkjs.powersOfTau.newAccumulator(curve, power, p('pot0.ptau'));
    await snarkjs.powersOfTau.contribute(p('pot0.ptau'), p('pot1.ptau'), label, entropy());
    await snarkjs.powersOfTau.preparePhase2(p('pot1.ptau'), p('pot.ptau'));
    await snarkjs.zKey.newZKey(p('proof_main.r1cs'), p('pot.ptau'), p('z0.zkey'));
    await snarkjs.zKey.contribute(p('z0.zkey'), p('proof_main.zkey'), label, entropy());
    const vk = await snarkjs.zKey.exportVerificationKey(p('proof_main.zkey'));
    await writeFile(p('proof_main_verification_key.json'), JSON.stringify(vk, null, 1));
  } finally {
    await curve.terminate();
    for (const f of ['pot0.ptau', 'pot1.ptau', 'pot.ptau', 'z0.zkey']) await rm(p(f), { force: true });
  }
}

/** Compiles and sets up in one go (the folder is created when missing). */
export async function buildCircuitDir(source: string, dir: string, cwd: string, power: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await compileCircom(source, dir, cwd);
  await groth16Setup(dir, power, basename(source, '.circom'));
}
