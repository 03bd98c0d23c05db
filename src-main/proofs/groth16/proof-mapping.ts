// snarkjs writes points as decimal strings in projective form with z = 1, and G2 coordinates as
// [c0, c1] = c0 + i·c1. The contract's struct names them {real, imag}, so real = c0 and imag = c1:
// no swap here (the contract swaps to the precompile's imag-first order itself).
import { BN254_BASE_FIELD, type Fp2Element, type G1Point, type G2Point, type Groth16Proof } from './types';

/** A Groth16 proof as snarkjs writes it (proof.json). */
export interface SnarkjsProof {
  readonly pi_a: readonly string[];
  readonly pi_b: readonly (readonly string[])[];
  readonly pi_c: readonly string[];
  readonly protocol?: string;
  readonly curve?: string;
}

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

function coordinate(value: unknown, where: string): bigint {
  if (typeof value !== 'string' || !DECIMAL.test(value)) throw new Error(`${where} is not a decimal coordinate`);
  const v = BigInt(value);
  if (v >= BN254_BASE_FIELD) throw new Error(`${where} is not below the BN254 base field modulus`);
  return v;
}

function list(value: unknown, length: number, where: string): readonly unknown[] {
  if (!Array.isArray(value) || value.length !== length) throw new Error(`${where} is not a list of ${length}`);
  return value;
}

function g1(value: unknown, where: string): G1Point {
  const [x, y, z] = list(value, 3, where);
  if (z !== '1') throw new Error(`${where} is not in affine form (z = 1)`);
  return { x: coordinate(x, `${where}[0]`), y: coordinate(y, `${where}[1]`) };
}

function fp2(value: unknown, where: string): Fp2Element {
  const [c0, c1] = list(value, 2, where);
  return { real: coordinate(c0, `${where}[0]`), imag: coordinate(c1, `${where}[1]`) };
}

function g2(value: unknown, where: string): G2Point {
  const [x, y, z] = list(value, 3, where);
  const [z0, z1] = list(z, 2, `${where}[2]`);
  if (z0 !== '1' || z1 !== '0') throw new Error(`${where} is not in affine form (z = 1)`);
  return { x: fp2(x, `${where}[0]`), y: fp2(y, `${where}[1]`) };
}

/** The contract struct for a snarkjs proof; throws when the proof is not a well-formed BN254 Groth16 proof. */
export function toGroth16Proof(proof: unknown): Groth16Proof {
  if (typeof proof !== 'object' || proof === null) throw new Error('the proof is not an object');
  const p = proof as Record<string, unknown>;
  if (p.protocol !== undefined && p.protocol !== 'groth16') throw new Error(`the proof is ${String(p.protocol)}`);
  if (p.curve !== undefined && p.curve !== 'bn128') throw new Error(`the proof is on curve ${String(p.curve)}`);
  return { a: g1(p.pi_a, 'pi_a'), b: g2(p.pi_b, 'pi_b'), c: g1(p.pi_c, 'pi_c') };
}

/** The snarkjs form of a contract proof (for groth16.verify and for logs). */
export function toSnarkjsProof(proof: Groth16Proof): SnarkjsProof {
  const s = (v: bigint) => v.toString();
  return {
    pi_a: [s(proof.a.x), s(proof.a.y), '1'],
    pi_b: [
      [s(proof.b.x.real), s(proof.b.x.imag)],
      [s(proof.b.y.real), s(proof.b.y.imag)],
      ['1', '0'],
    ],
    pi_c: [s(proof.c.x), s(proof.c.y), '1'],
    protocol: 'groth16',
    curve: 'bn128',
  };
}
