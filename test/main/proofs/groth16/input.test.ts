import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkCircuitInput,
  CODEX_PUBLIC_INPUTS,
  isGroth16Error,
  SNARK_SCALAR_FIELD,
} from '../../../../src-main/proofs/groth16';

const codexShaped = {
  dataSetRoot: '16074246370508166450132968585287196391860062495017081813239200574579640171677',
  entropy: '1234567',
  nCellsPerSlot: 512,
  nSlotsPerDataSet: 11,
  slotIndex: 3,
  slotRoot: '20744935707483803411869804102043283881376973626291244537230284476834672019997',
  slotProof: ['1', '2', '0', '0'],
  cellData: [
    ['1', '2'],
    ['3', '4'],
  ],
};

function reason(input: unknown): string {
  try {
    checkCircuitInput(input, CODEX_PUBLIC_INPUTS);
  } catch (e) {
    if (isGroth16Error(e, 'invalid-input')) return e.message;
    throw e;
  }
  throw new Error('the input was accepted');
}

describe('checkCircuitInput', () => {
  it("returns Codex's public inputs in circuit order: entropy, dataSetRoot, slotIndex", () => {
    expect(checkCircuitInput(codexShaped, CODEX_PUBLIC_INPUTS)).toEqual([
      1234567n,
      16074246370508166450132968585287196391860062495017081813239200574579640171677n,
      3n,
    ]);
  });

  it("accepts nim-codex's own circuit input (the fixture of its circuit tests) as it is", () => {
    const fixture = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'codex-circuit-input.json');
    const input: unknown = JSON.parse(readFileSync(fixture, 'utf8'));
    expect(checkCircuitInput(input, CODEX_PUBLIC_INPUTS)).toEqual([1234567n, BigInt(codexShaped.dataSetRoot), 3n]);
  });

  it('refuses values the witness generator would reduce or misread, naming where they are', () => {
    expect(reason({ ...codexShaped, slotRoot: SNARK_SCALAR_FIELD.toString() })).toContain('slotRoot is not below');
    expect(reason({ ...codexShaped, cellData: [['1', '-2']] })).toContain('cellData[0][1]');
    expect(reason({ ...codexShaped, cellData: [['1', '0x2']] })).toContain('not a decimal number');
    expect(reason({ ...codexShaped, nCellsPerSlot: 1.5 })).toContain('nCellsPerSlot is 1.5');
    expect(reason({ ...codexShaped, slotProof: [null] })).toContain('slotProof[0] is a null');
    expect(reason({ ...codexShaped, entropy: '01' })).toContain('entropy');
  });

  it('refuses a missing or array-valued public input, and inputs that are not objects', () => {
    const { entropy: _e, ...noEntropy } = codexShaped;
    expect(reason(noEntropy)).toContain('public input entropy is missing');
    expect(reason({ ...codexShaped, slotIndex: [3] })).toContain('slotIndex is an array');
    expect(reason([1, 2])).toContain('not a JSON object');
    expect(reason('{}')).toContain('not a JSON object');
  });
});
