// The toy storage-proof circuit (toy-storage-proof.circom) compiled with circom2 and given a small
// Groth16 setup (powers of tau 2^8), cached under .cache/groth16-toy/<content hash>/ so only a cold
// run pays for it (a few seconds). The folder holds Codex's file names, so it is a circuit dir.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedFolder } from '../../src-main/proofs/circuits/build/cached-folder';
import { buildCircuitDir, circuitToolVersions } from '../../src-main/proofs/circuits/build/groth16-setup';
import type { CircuitInput, Groth16Files } from '../../src-main/proofs/groth16';

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

function filesIn(dir: string): ToyCircuit {
  const files = {
    wasm: join(dir, 'proof_main.wasm'),
    zkey: join(dir, 'proof_main.zkey'),
    verificationKey: join(dir, 'proof_main_verification_key.json'),
  };
  const verificationKey = JSON.parse(readFileSync(files.verificationKey, 'utf8')) as Record<string, unknown>;
  return { dir, files, r1cs: join(dir, 'proof_main.r1cs'), verificationKey };
}

/** The toy circuit's files, built on first use and then read from the cache. */
export async function toyCircuit(): Promise<ToyCircuit> {
  const key = createHash('sha256')
    .update(readFileSync(source))
    .update(`${circuitToolVersions()} power ${POWER} v1`)
    .digest('hex')
    .slice(0, 24);
  const dir = await cachedFolder(join(root, '.cache', 'groth16-toy'), key, 'proof_main_verification_key.json', (tmp) =>
    buildCircuitDir(source, tmp, root, POWER),
  );
  return filesIn(dir);
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
