// A snarkjs verification_key.json, checked and turned into the points the verifier contract takes.
import { BN254_BASE_FIELD, type G1Point, type G2Point } from './types';

/** The Groth16 verifying key of a circuit: what the on-chain verifier's constructor takes. */
export interface VerificationKey {
  /** How many public inputs the circuit has (Codex's: 3). */
  readonly nPublic: number;
  readonly alpha1: G1Point;
  readonly beta2: G2Point;
  readonly gamma2: G2Point;
  readonly delta2: G2Point;
  /** nPublic + 1 points: IC[0] + Σ input_i · IC[i+1] is the inputs' commitment. */
  readonly ic: readonly G1Point[];
}

/** The verification key, or why the JSON is not a BN254 Groth16 key (with `nPublic` inputs when given). */
export type ParsedVerificationKey = { ok: true; vk: VerificationKey } | { ok: false; reason: string };

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;
const MAX_PUBLIC = 1024;

class KeyError extends Error {}

function coordinate(v: unknown, where: string): bigint {
  if (typeof v !== 'string' || !DECIMAL.test(v)) throw new KeyError(`${where} is not a decimal number`);
  const n = BigInt(v);
  if (n >= BN254_BASE_FIELD) throw new KeyError(`${where} is not below the BN254 base field modulus`);
  return n;
}

function triple(v: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(v) || v.length !== 3) throw new KeyError(`${where} is not a point [x, y, z]`);
  return v;
}

function g1(v: unknown, where: string): G1Point {
  const [x, y, z] = triple(v, where);
  if (z !== '1') throw new KeyError(`${where} is not affine (z must be "1")`);
  const p = { x: coordinate(x, `${where}.x`), y: coordinate(y, `${where}.y`) };
  const q = BN254_BASE_FIELD;
  // y² = x³ + 3 on BN254's G1: a key with a point off the curve could never verify anything.
  if ((p.y * p.y - (p.x * p.x * p.x + 3n)) % q !== 0n) throw new KeyError(`${where} is not on the BN254 curve`);
  return p;
}

function fp2(v: unknown, where: string) {
  if (!Array.isArray(v) || v.length !== 2) throw new KeyError(`${where} is not an Fp2 pair`);
  return { real: coordinate(v[0], `${where}[0]`), imag: coordinate(v[1], `${where}[1]`) };
}

function g2(v: unknown, where: string): G2Point {
  const [x, y, z] = triple(v, where);
  if (!Array.isArray(z) || z[0] !== '1' || z[1] !== '0')
    throw new KeyError(`${where} is not affine (z must be ["1","0"])`);
  return { x: fp2(x, `${where}.x`), y: fp2(y, `${where}.y`) };
}

/** Parses a snarkjs verification key; `nPublic`, when given, is the number of public inputs it must have. */
export function parseVerificationKey(json: unknown, nPublic?: number): ParsedVerificationKey {
  try {
    if (typeof json !== 'object' || json === null) throw new KeyError('it is not a JSON object');
    const k = json as Record<string, unknown>;
    if (k.protocol !== 'groth16') throw new KeyError(`its protocol is ${JSON.stringify(k.protocol)}, not "groth16"`);
    if (k.curve !== 'bn128') throw new KeyError(`its curve is ${JSON.stringify(k.curve)}, not "bn128"`);
    const n = k.nPublic;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_PUBLIC)
      throw new KeyError('its nPublic is not a count');
    if (nPublic !== undefined && n !== nPublic) throw new KeyError(`it has ${n} public inputs, not ${nPublic}`);
    if (!Array.isArray(k.IC) || k.IC.length !== n + 1) throw new KeyError(`its IC does not have nPublic + 1 points`);
    const vk: VerificationKey = {
      nPublic: n,
      alpha1: g1(k.vk_alpha_1, 'vk_alpha_1'),
      beta2: g2(k.vk_beta_2, 'vk_beta_2'),
      gamma2: g2(k.vk_gamma_2, 'vk_gamma_2'),
      delta2: g2(k.vk_delta_2, 'vk_delta_2'),
      ic: k.IC.map((p: unknown, i: number) => g1(p, `IC[${i}]`)),
    };
    return { ok: true, vk };
  } catch (e) {
    if (e instanceof KeyError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** Groth16Verifier's constructor arguments, in order: (alpha1, beta2, gamma2, delta2, ic). */
export type VerifierConstructorArgs = readonly [G1Point, G2Point, G2Point, G2Point, readonly G1Point[]];

/**
 * The arguments for deploying contracts/verifier/Groth16Verifier.sol with a snarkjs verification key
 * (e.g. `factory.deploy(...verifierConstructorArgs(vkJson))`). Throws when the key is not valid.
 */
export function verifierConstructorArgs(json: unknown): VerifierConstructorArgs {
  const parsed = parseVerificationKey(json);
  if (!parsed.ok) throw new Error(`The verification key cannot be deployed: ${parsed.reason}.`);
  const { alpha1, beta2, gamma2, delta2, ic } = parsed.vk;
  return [alpha1, beta2, gamma2, delta2, ic];
}
