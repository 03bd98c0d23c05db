import { describe, expect, it } from 'vitest';
import { FIELD_MODULUS } from '../../../../../src-main/proofs/codex/poseidon2/field';
import { compress, permute } from '../../../../../src-main/proofs/codex/poseidon2/permutation';
import { spongeIV, sponge } from '../../../../../src-main/proofs/codex/poseidon2/sponge';
import { oneTo, poseidon2Vectors } from '../vectors';

describe('Poseidon2 permutation (BigInt reference)', () => {
  it("maps (0, 1, 2) to nim-poseidon2's vector", () => {
    const out = permute(poseidon2Vectors.permutation.input.map(BigInt) as [bigint, bigint, bigint]);
    expect(out.map(String)).toEqual(poseidon2Vectors.permutation.output);
  });

  it('leaves its input alone and returns canonical elements', () => {
    const input: [bigint, bigint, bigint] = [FIELD_MODULUS - 1n, 0n, 12345n];
    const out = permute(input);
    expect(input).toEqual([FIELD_MODULUS - 1n, 0n, 12345n]);
    for (const x of out) expect(x >= 0n && x < FIELD_MODULUS).toBe(true);
  });

  it('compresses with the key in the third element', () => {
    expect(compress(5n, 7n, 3)).toBe(permute([5n, 7n, 3n])[0]);
    expect(compress(5n, 7n)).toBe(permute([5n, 7n, 0n])[0]);
    expect(compress(5n, 7n, 1)).not.toBe(compress(5n, 7n, 0));
  });
});

describe('Poseidon2 sponge (BigInt reference)', () => {
  it("starts from Codex's IV 2^64 + 256·t + rate", () => {
    expect(spongeIV(2)).toBe(0x10000000000000302n);
    expect(spongeIV(1)).toBe(0x10000000000000301n);
  });

  it("digests 1..n for n = 0..7 at rates 1 and 2 as nim-poseidon2's vectors", () => {
    for (let n = 0; n < 8; n++) {
      expect(sponge(oneTo(n), 1).toString()).toBe(poseidon2Vectors.sponge.rate1[n]);
      expect(sponge(oneTo(n), 2).toString()).toBe(poseidon2Vectors.sponge.rate2[n]);
    }
  });
});
