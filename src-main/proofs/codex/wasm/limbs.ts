// How the wasm module lays out a field element: nine little-endian 29-bit limbs, each stored as a
// u32 (36 bytes), in Montgomery form with R = 2^261. Shared by the generator of its arithmetic
// (build/generate-field.ts) and the code that writes its round constants (poseidon2-wasm.ts).

/** Limbs per field element. */
export const LIMBS = 9;
/** Bits per limb. */
export const LIMB_BITS = 29;
/** Bytes per element in wasm memory. */
export const ELEMENT_BYTES = LIMBS * 4;
/** The Montgomery radix R = 2^(LIMBS·LIMB_BITS). */
export const MONTGOMERY_R = 1n << BigInt(LIMBS * LIMB_BITS);

/** Limbs of a non-negative integer below R, least significant first. */
export function limbsOf(x: bigint): bigint[] {
  const mask = (1n << BigInt(LIMB_BITS)) - 1n;
  const out: bigint[] = [];
  for (let i = 0; i < LIMBS; i++) out.push((x >> BigInt(i * LIMB_BITS)) & mask);
  return out;
}
