// The toy storage-proof circuit (toy-storage-proof.circom) compiled with circom2 and given a small
// Groth16 setup (powers of tau 2^8), cached under .cache/groth16-toy/<content hash>/ so only a cold
// run pays for it (a few seconds). The folder holds Codex's file names, so it is a circuit dir.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import * as snarkjs from 'snarkjs';
import type { CircuitInput, Groth16Files } from '../../src-main/proofs/groth16';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const source = join(import.meta.dirname, 'toy-storage-proof.circom');
const POWER = 8;
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** The compiled toy circuit with its setup. */
export interface ToyCircuit {
  readonly dir: string;
  readonly files: Groth16Files;
  readonly r1cs: string;
  readonly verificationKey: Record<string, unknown>;
}

function version(pkg: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;
}

function filesIn(dir: string): ToyCircuit {
  const files = {
    wasm: join(dir, 'proof_main.wasm'),
    zkey: join(dir, 'proof_main.zkey'),
    verificationKey: join(dir, 'proof_main_verification_key.json'),
  };
  const verificationKey = JSON.parse(readFileSync(files.verificationKey, 'utf8')) as Record<string, unknown>;
  return { dir, files, r1cs: join(dir, 'proof_main.r1cs'), verificationKey };
}

async function build(dir: string): Promise<void> {
  // circom2's CLI resolves its arguments relative to the working directory it preopens.
  await promisify(execFile)(
    process.execPath,
    [require.resolve('circom2/cli.js'), relative(root, source), '--r1cs', '--wasm', '-o', relative(root, dir)],
    { cwd: root },
  );
  await rename(join(dir, 'toy-storage-proof.r1cs'), join(dir, 'proof_main.r1cs'));
  await rename(join(dir, 'toy-storage-proof_js', 'toy-storage-proof.wasm'), join(dir, 'proof_main.wasm'));
  await rm(join(dir, 'toy-storage-proof_js'), { recursive: true });
  const curve = await snarkjs.curves.getCurveFromName('bn128');
  try {
    const p = (name: string) => join(dir, name);
    await snarkjs.powersOfTau.newAccumulator(curve, POWER, p('pot0.ptau'));
    await snarkjs.powersOfTau.contribute(p('pot0.ptau'), p('pot1.ptau'), 'toy', randomBytes(32).toString('hex'));
    await snarkjs.powersOfTau.preparePhase2(p('pot1.ptau'), p('pot.ptau'));
    await snarkjs.zKey.newZKey(p('proof_main.r1cs'), p('pot.ptau'), p('z0.zkey'));
    await snarkjs.zKey.contribute(p('z0.zkey'), p('proof_main.zkey'), 'toy', randomBytes(32).toString('hex'));
    const vk = await snarkjs.zKey.exportVerificationKey(p('proof_main.zkey'));
    await writeFile(p('proof_main_verification_key.json'), JSON.stringify(vk, null, 1));
    for (const f of ['pot0.ptau', 'pot1.ptau', 'pot.ptau', 'z0.zkey']) await rm(p(f));
  } finally {
    await curve.terminate();
  }
}

/** The toy circuit's files, built on first use and then read from the cache. */
export async function toyCircuit(): Promise<ToyCircuit> {
  const key = createHash('sha256')
    .update(readFileSync(source))
    .update(`circom2 ${version('circom2')} snarkjs ${version('snarkjs')} power ${POWER} v1`)
    .digest('hex')
    .slice(0, 24);
  const cacheRoot = join(root, '.cache', 'groth16-toy');
  const dir = join(cacheRoot, key);
  const done = () => existsSync(join(dir, 'proof_main_verification_key.json'));
  if (done()) return filesIn(dir);
  await mkdir(cacheRoot, { recursive: true });
  // Test files run in parallel processes: one builds, the others wait for its result.
  const lock = join(cacheRoot, `${key}.lock`);
  const deadline = Date.now() + 120_000;
  while (!done()) {
    if (
      await mkdir(lock).then(
        () => true,
        () => false,
      )
    ) {
      try {
        await writeFile(join(lock, 'pid'), String(process.pid));
        if (!done()) await buildInto(cacheRoot, key, dir);
      } finally {
        await rm(lock, { recursive: true, force: true });
      }
    } else {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock} (delete it if no test runs)`);
      await removeIfStale(lock);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return filesIn(dir);
}

// Built aside and renamed, so no one ever sees half a setup.
async function buildInto(cacheRoot: string, key: string, dir: string): Promise<void> {
  const tmp = join(cacheRoot, `${key}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp);
  try {
    await build(tmp);
    await rename(tmp, dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

// A lock whose process is gone (a test run that was killed) is no lock.
async function removeIfStale(lock: string): Promise<void> {
  const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
  if (!pid) return;
  try {
    process.kill(pid, 0);
  } catch {
    await rm(lock, { recursive: true, force: true });
  }
}

const mod = (x: bigint) => ((x % R) + R) % R;
function mix(a: bigint, b: bigint): bigint {
  const t = mod(a + 7n * b + 1n);
  const sq = mod(t * t);
  return mod(mod(sq * sq) * t + b);
}

/** A satisfying input of the toy circuit, in Codex's JSON conventions (decimal strings, slotIndex a number). */
export function toyInput(entropy = 1234567n, slotIndex = 3, cells = [11n, 22n, 33n, 44n]): CircuitInput {
  const slotRoot = cells.reduce((acc, c) => mix(acc, c), 0n);
  const slotProof = 987654321n;
  const dataSetRoot = mix(mix(slotRoot, BigInt(slotIndex)), slotProof);
  return {
    entropy: entropy.toString(),
    dataSetRoot: dataSetRoot.toString(),
    slotIndex,
    slotRoot: slotRoot.toString(),
    cellData: cells.map(String),
    slotProof: slotProof.toString(),
    response: mix(entropy, slotRoot).toString(),
  };
}
