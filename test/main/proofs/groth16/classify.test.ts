import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../../../src-main/proofs/groth16/classify';
import type { FailureMessage } from '../../../../src-main/proofs/groth16/worker-protocol';

const files = {
  wasm: '/c/proof_main.wasm',
  zkey: '/c/proof_main.zkey',
  verificationKey: '/c/proof_main_verification_key.json',
};
const failure = (phase: FailureMessage['phase'], errorMessage: string, extra: Partial<FailureMessage> = {}) =>
  classifyFailure(
    { kind: 'failure', id: 1, phase, errorName: 'Error', errorMessage, output: '', ...extra },
    files,
    512,
  );

// The messages are snarkjs 0.7.6's and circom_runtime's own texts.
describe('classifyFailure', () => {
  it('sorts what snarkjs throws into codes with messages that say what to do', () => {
    expect(failure('witness', 'Error: Assert Failed. Error in template Main_3 line: 65\n')).toMatchObject({
      code: 'unsatisfied',
      message: expect.stringContaining('assert failed in template Main_3 line: 65'),
    });
    expect(failure('witness', 'Too many values for input signal cellData\n').code).toBe('invalid-input');
    expect(failure('witness', 'Not all inputs have been set. Only 3 out of 10').code).toBe('invalid-input');
    expect(failure('witness', 'Error: Not enough memory. ').code).toBe('out-of-memory');
    expect(failure('proving', 'Array buffer allocation failed', { errorName: 'RangeError' }).code).toBe(
      'out-of-memory',
    );
    expect(failure('witness', 'WebAssembly.compile(): expected magic word', { errorName: 'CompileError' }).code).toBe(
      'invalid-files',
    );
    expect(failure('proving', 'Invalid witness length. Circuit: 51, witness: 90').message).toContain(
      'does not belong to the witness generator',
    );
    expect(failure('setup', 'Unexpected token', { errorName: 'SyntaxError' }).code).toBe('invalid-files');
    expect(failure('setup', "ENOENT: no such file or directory, open '/c/x'", { errorCode: 'ENOENT' })).toMatchObject({
      code: 'missing-files',
      message: expect.stringContaining('/c'),
    });
    expect(failure('proving', 'something else').code).toBe('prover-failed');
  });
});
