import { beforeAll, describe, expect, it } from 'vitest';
import { parseVerificationKey, verifierConstructorArgs } from '../../../../src-main/proofs/groth16';
import { toyCircuit, type ToyCircuit } from '../../../support/toy-circuit';

let toy: ToyCircuit;
beforeAll(async () => {
  toy = await toyCircuit();
});

const edited = (edit: (vk: Record<string, unknown>) => void) => {
  const vk = structuredClone(toy.verificationKey);
  edit(vk);
  return vk;
};

describe('verifierConstructorArgs', () => {
  it("turns snarkjs' verification key into (alpha1, beta2, gamma2, delta2, IC), G2 as real = [0], imag = [1]", () => {
    const vk = toy.verificationKey as { vk_alpha_1: string[]; vk_beta_2: string[][]; IC: string[][] };
    const [alpha, beta, , , ic] = verifierConstructorArgs(vk);
    expect(alpha).toEqual({ x: BigInt(vk.vk_alpha_1[0] as string), y: BigInt(vk.vk_alpha_1[1] as string) });
    expect(beta.x).toEqual({
      real: BigInt(vk.vk_beta_2[0]?.[0] as string),
      imag: BigInt(vk.vk_beta_2[0]?.[1] as string),
    });
    expect(ic).toHaveLength(4);
  });

  it('refuses keys that could never verify a Codex proof', () => {
    const bad = [
      edited((vk) => (vk.protocol = 'plonk')),
      edited((vk) => (vk.IC = (vk.IC as unknown[]).slice(1))),
      edited((vk) => ((vk.vk_alpha_1 as string[])[1] = '5')),
      edited((vk) => ((vk.vk_alpha_1 as string[])[2] = '0')),
      edited((vk) => ((vk.vk_gamma_2 as string[][])[2] = ['0', '1'])),
      edited((vk) => (vk.nPublic = -1)),
    ];
    for (const vk of bad) expect(() => verifierConstructorArgs(vk)).toThrow(/cannot be deployed/);
  });

  it('checks the number of public inputs when asked', () => {
    expect(parseVerificationKey(toy.verificationKey, 3).ok).toBe(true);
    expect(parseVerificationKey(toy.verificationKey, 4)).toEqual({
      ok: false,
      reason: 'it has 3 public inputs, not 4',
    });
  });
});
