// The fake slot data of the circuits repo's reference input generator (reference/nim/proof_input,
// slot.nim and dataset.nim), which made nim-codex's circuit-input fixture: per slot k the seed is
// seed + 72 + 1001·k; per cell, seed1 = slotSeed + 0xdeadcafe, seed2 = cellIndex + 0x98765432
// and a uint64 state starting at 1; per byte,
//   state = (s·(s+seed1)·(s+seed2) + s·(s xor 0x5a5a5a5a) + seed1·s + seed2 + 17) mod 2^64,
//   state = state mod 1698428844001831, byte = low 8 bits of the state.
// The state stays below 2^51, so it lives in a double; the wrapping uint64 products are computed
// on 32-bit halves (cellBytesFast), checked against a plain BigInt version (cellBytesBigInt).

const MODULUS = 1698428844001831;
const MODULUS_N = 1698428844001831n;
const TWO32 = 4294967296;

/** Seed of slot k of a dataset seeded with `seed`. */
export function slotSeed(seed: number, slot: number): number {
  return seed + 72 + 1001 * slot;
}

/** The bytes of cell `cell` of a slot, BigInt arithmetic (slow, obviously right). */
export function cellBytesBigInt(seed: number, cell: number, cellBytes = 2048): Uint8Array {
  const mask = (1n << 64n) - 1n;
  const seed1 = BigInt(seed) + 0xdeadcafen;
  const seed2 = BigInt(cell) + 0x98765432n;
  const out = new Uint8Array(cellBytes);
  let s = 1n;
  for (let i = 0; i < cellBytes; i++) {
    s = (s * (s + seed1) * (s + seed2) + s * (s ^ 0x5a5a5a5an) + seed1 * s + (seed2 + 17n)) & mask;
    s %= MODULUS_N;
    out[i] = Number(s & 0xffn);
  }
  return out;
}

// 64-bit values as (high, low) 32-bit halves; results land in hi/lo, so the hot loop allocates nothing.
let hi = 0;
let lo = 0;

/** hi:lo ← a·b mod 2^64. */
function mul64(ah: number, al: number, bh: number, bl: number): void {
  const a1 = al >>> 16;
  const a0 = al & 0xffff;
  const b1 = bl >>> 16;
  const b0 = bl & 0xffff;
  const low = a0 * b0;
  const mid = a1 * b0 + a0 * b1 + Math.floor(low / 65536);
  lo = ((mid & 0xffff) * 65536 + (low & 0xffff)) >>> 0;
  hi = (a1 * b1 + Math.floor(mid / 65536) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

/** hi:lo ← a + b mod 2^64. */
function add64(ah: number, al: number, bh: number, bl: number): void {
  const l = al + bl;
  hi = (ah + bh + (l >= TWO32 ? 1 : 0)) >>> 0;
  lo = l >>> 0;
}

const MOD_HIGH = Math.floor(MODULUS / TWO32);
const MOD_LOW = MODULUS % TWO32;

/** hi:lo mod MODULUS, exact: the quotient from doubles is at most one off, and fixed. */
function mod64(h: number, l: number): number {
  const q = Math.floor((h * TWO32 + l) / MODULUS);
  let r = (h - q * MOD_HIGH) * TWO32 + (l - q * MOD_LOW);
  while (r < 0) r += MODULUS;
  while (r >= MODULUS) r -= MODULUS;
  return r;
}

/** The bytes of cell `cell` of a slot, fast. */
export function cellBytesFast(seed: number, cell: number, cellBytes = 2048): Uint8Array {
  const seed1 = seed + 0xdeadcafe;
  const seed2 = cell + 0x98765432;
  const s1h = Math.floor(seed1 / TWO32);
  const s1l = seed1 % TWO32;
  const s2h = Math.floor(seed2 / TWO32);
  const s2l = seed2 % TWO32;
  const c = seed2 + 17;
  const ch = Math.floor(c / TWO32);
  const cl = c % TWO32;
  const out = new Uint8Array(cellBytes);
  let s = 1;
  for (let i = 0; i < cellBytes; i++) {
    const sh = Math.floor(s / TWO32);
    const sl = s % TWO32;
    add64(sh, sl, s1h, s1l);
    mul64(sh, sl, hi, lo); // s·(s + seed1)
    const ph = hi;
    const pl = lo;
    add64(sh, sl, s2h, s2l);
    mul64(ph, pl, hi, lo); // · (s + seed2)
    let th = hi;
    let tl = lo;
    mul64(sh, sl, sh, (sl ^ 0x5a5a5a5a) >>> 0); // s·(s xor 0x5a5a5a5a)
    add64(th, tl, hi, lo);
    th = hi;
    tl = lo;
    mul64(s1h, s1l, sh, sl); // seed1·s
    add64(th, tl, hi, lo);
    add64(hi, lo, ch, cl); // + seed2 + 17
    s = mod64(hi, lo);
    out[i] = s & 0xff;
  }
  return out;
}

/** Block `block` of slot `slot` (32 cells of 2,048 bytes). */
export function referenceBlock(seed: number, slot: number, block: number): Uint8Array {
  const out = new Uint8Array(65_536);
  for (let c = 0; c < 32; c++) out.set(cellBytesFast(slotSeed(seed, slot), block * 32 + c), c * 2048);
  return out;
}
