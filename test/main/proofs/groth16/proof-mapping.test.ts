import { describe, expect, it } from 'vitest';
import { BN254_BASE_FIELD, toGroth16Proof, toSnarkjsProof } from '../../../../src-main/proofs/groth16';

// Shaped like snarkjs' proof.json; the coordinates are arbitrary field elements.
const snarkjs = {
  pi_a: ['11', '12', '1'],
  pi_b: [
    ['21', '22'],
    ['23', '24'],
    ['1', '0'],
  ],
  pi_c: ['31', '32', '1'],
  protocol: 'groth16',
  curve: 'bn128',
};

describe('toGroth16Proof', () => {
  it('maps pi_b[k] = [c0, c1] to real = c0, imag = c1 with no swap', () => {
    expect(toGroth16Proof(snarkjs)).toEqual({
      a: { x: 11n, y: 12n },
      b: { x: { real: 21n, imag: 22n }, y: { real: 23n, imag: 24n } },
      c: { x: 31n, y: 32n },
    });
  });

  it('round-trips through the snarkjs form', () => {
    expect(toSnarkjsProof(toGroth16Proof(snarkjs))).toEqual(snarkjs);
  });

  it('refuses proofs that are not affine BN254 Groth16 proofs', () => {
    const bad: unknown[] = [
      null,
      { ...snarkjs, protocol: 'plonk' },
      { ...snarkjs, curve: 'bls12381' },
      { ...snarkjs, pi_a: ['11', '12', '2'] },
      { ...snarkjs, pi_a: ['11', '12'] },
      {
        ...snarkjs,
        pi_b: [
          ['21', '22'],
          ['23', '24'],
          ['0', '1'],
        ],
      },
      { ...snarkjs, pi_c: [BN254_BASE_FIELD.toString(), '32', '1'] },
      { ...snarkjs, pi_c: ['-1', '32', '1'] },
      { ...snarkjs, pi_c: ['0x1f', '32', '1'] },
    ];
    for (const proof of bad) expect(() => toGroth16Proof(proof), JSON.stringify(proof)).toThrow();
  });
});
