// Poseidon2's round constants for Codex's instance, generated — not pasted — by the Grain LFSR of
// the Poseidon/Poseidon2 reference parameter script. Codex's constants are exactly that script's
// output for field = 1 (prime field), S-box code 1, n = 254, t = 3, RF = 8, RP = 56 (the S-box code
// differs from HorizenLabs' 0, which is why Codex's constants are not theirs). docs/proofs-codex.md
// lists the anchors the tests check.
import { FIELD_MODULUS } from './field';

/** The parameters the LFSR is seeded with. */
export interface GrainParameters {
  readonly field: number; // 2 bits
  readonly sbox: number; // 4 bits
  readonly fieldBits: number; // n, 12 bits
  readonly width: number; // t, 12 bits
  readonly fullRounds: number; // RF, 10 bits
  readonly partialRounds: number; // RP, 10 bits
}

/** Codex's Poseidon2 instance. */
export const CODEX_GRAIN_PARAMETERS: GrainParameters = {
  field: 1,
  sbox: 1,
  fieldBits: 254,
  width: 3,
  fullRounds: 8,
  partialRounds: 56,
};

/** A self-shrinking Grain LFSR over 80 bits, as the reference script runs it. */
class Grain {
  private readonly bits: number[] = [];

  constructor(p: GrainParameters) {
    const push = (value: number, width: number) => {
      for (let i = width - 1; i >= 0; i--) this.bits.push((value >> i) & 1);
    };
    push(p.field, 2);
    push(p.sbox, 4);
    push(p.fieldBits, 12);
    push(p.width, 12);
    push(p.fullRounds, 10);
    push(p.partialRounds, 10);
    push(0x3fffffff, 30);
    for (let i = 0; i < 160; i++) this.step();
  }

  private step(): number {
    const b = this.bits;
    const bit = b[62]! ^ b[51]! ^ b[38]! ^ b[23]! ^ b[13]! ^ b[0]!;
    b.shift();
    b.push(bit);
    return bit;
  }

  /** The next output bit: pairs (b1, b2) yield b2 when b1 is 1 and nothing otherwise. */
  nextBit(): number {
    for (;;) {
      const keep = this.step();
      const bit = this.step();
      if (keep === 1) return bit;
    }
  }

  /** An n-bit integer, most significant bit first. */
  nextInteger(n: number): bigint {
    let x = 0n;
    for (let i = 0; i < n; i++) x = (x << 1n) | BigInt(this.nextBit());
    return x;
  }
}

/**
 * The Poseidon2 layout of round constants: RF·t + RP values in round order (the first RF/2 full
 * rounds, t each; the partial rounds, one each; the last RF/2 full rounds), each drawn from the
 * LFSR with rejection of values ≥ r.
 */
export function grainRoundConstants(p: GrainParameters = CODEX_GRAIN_PARAMETERS): bigint[] {
  const grain = new Grain(p);
  const count = p.fullRounds * p.width + p.partialRounds;
  const out: bigint[] = [];
  while (out.length < count) {
    const x = grain.nextInteger(p.fieldBits);
    if (x < FIELD_MODULUS) out.push(x);
  }
  return out;
}
