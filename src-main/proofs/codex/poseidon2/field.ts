// The BN254 scalar field that Codex's Poseidon2 works in (docs/proofs-codex.md, "Poseidon2"). BigInt,
// reduced after every operation: the reference the wasm hot path is tested against, and fast
// enough for proof-time work (a few hundred permutations per challenge).

/** r, the BN254 scalar field modulus (2^253 < r < 2^254). */
export const FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Bytes of a field element as Codex writes it (little-endian, canonical). */
export const FIELD_ELEMENT_BYTES = 32;

/** True for a canonical field element: an integer in [0, r). */
export function isFieldElement(x: bigint): boolean {
  return x >= 0n && x < FIELD_MODULUS;
}

/** (a + b) mod r for canonical a, b. */
export function fieldAdd(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s >= FIELD_MODULUS ? s - FIELD_MODULUS : s;
}

/** (a · b) mod r. */
export function fieldMul(a: bigint, b: bigint): bigint {
  return (a * b) % FIELD_MODULUS;
}

/** x^5 mod r, Poseidon2's S-box, as x² → x⁴ → ·x. */
export function fieldPow5(x: bigint): bigint {
  const x2 = (x * x) % FIELD_MODULUS;
  const x4 = (x2 * x2) % FIELD_MODULUS;
  return (x4 * x) % FIELD_MODULUS;
}

/** The little-endian integer of `bytes` (any length). */
export function bigintFromBytesLE(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]!);
  return x;
}

/** `x` as `length` little-endian bytes; x must fit. */
export function bigintToBytesLE(x: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = x;
  for (let i = 0; i < length; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n || x < 0n) throw new RangeError(`${x} does not fit in ${length} bytes`);
  return out;
}

/** A canonical field element as Codex's 32 little-endian bytes (CIDs, content.merkleRoot). */
export function fieldToBytes(x: bigint): Uint8Array {
  if (!isFieldElement(x)) throw new RangeError(`${x} is not a field element (must be in [0, r))`);
  return bigintToBytesLE(x, FIELD_ELEMENT_BYTES);
}

/** Why 32 bytes are not a field element. */
export type FieldBytesError = 'wrong-length' | 'not-canonical';

/** 32 little-endian bytes → field element, rejecting values ≥ r as Codex's fromBytes does. */
export function fieldFromBytes(
  bytes: Uint8Array,
): { ok: true; value: bigint } | { ok: false; error: FieldBytesError; message: string } {
  if (bytes.length !== FIELD_ELEMENT_BYTES)
    return { ok: false, error: 'wrong-length', message: `a field element is 32 bytes, got ${bytes.length}` };
  const value = bigintFromBytesLE(bytes);
  if (value >= FIELD_MODULUS)
    return { ok: false, error: 'not-canonical', message: 'the 32 bytes encode a value ≥ r, not a field element' };
  return { ok: true, value };
}
