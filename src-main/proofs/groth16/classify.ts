// Turns what snarkjs and the witness generator threw inside the worker into a Groth16Error whose
// message tells the operator what happened and what to do. The patterns are snarkjs 0.7.6's and
// circom_runtime's own error texts.
import { Groth16Error, outOfMemoryError, unsatisfiedError } from './errors';
import type { Groth16Files } from './types';
import type { FailureMessage } from './worker-protocol';

const MEMORY =
  /out of memory|not enough memory|allocation failed|could not allocate|memory\.grow|ERR_WORKER_OUT_OF_MEMORY/i;
const SHAPE =
  /Not enough values for input signal|Too many values for input signal|Signal \S+ not found|Not all inputs have been set|is not an input of the circuit|Cannot convert .* to a BigInt|Input signal array access exceeds/;
const MISMATCH =
  /zkey file is not groth16|Invalid witness length|Curve of the witness does not match|Invalid File format|Version not supported|Curve not supported/i;

/** The Groth16Error for a failure the worker reported; `memoryLimitMb` is the worker's heap limit. */
export function classifyFailure(failure: FailureMessage, files: Groth16Files, memoryLimitMb: number): Groth16Error {
  const said = `${failure.errorName}: ${failure.errorMessage}`;
  const detail = failure.output ? `${said}\n${failure.output}` : said;
  if (failure.errorCode === 'ENOENT' || failure.errorCode === 'EACCES' || failure.errorCode === 'EISDIR') {
    return new Groth16Error(
      'missing-files',
      `A circuit file cannot be read (${failure.errorMessage}). Put proof_main.wasm, proof_main.zkey and proof_main_verification_key.json back in ${dirOf(files.zkey)}, or install the circuit again.`,
      detail,
    );
  }
  if (MEMORY.test(failure.errorMessage) || MEMORY.test(failure.output)) return outOfMemoryError(memoryLimitMb, detail);
  if (/Assert Failed/.test(failure.errorMessage)) return unsatisfiedError(detail);
  switch (failure.phase) {
    case 'setup':
      return new Groth16Error(
        'invalid-files',
        `The verification key ${files.verificationKey} is not valid JSON (${failure.errorMessage}). Install the circuit files again.`,
        detail,
      );
    case 'witness':
      if (SHAPE.test(failure.errorMessage))
        return new Groth16Error(
          'invalid-input',
          `The input does not fit the circuit's signals (${failure.errorMessage.trim()}): it was built for another circuit than ${files.wasm}.`,
          detail,
        );
      if (failure.errorName === 'CompileError' || failure.errorName === 'LinkError')
        return new Groth16Error(
          'invalid-files',
          `${files.wasm} is not a circuit witness generator (${failure.errorMessage}). Install the circuit files again.`,
          detail,
        );
      break;
    case 'proving':
      if (MISMATCH.test(failure.errorMessage))
        return new Groth16Error(
          'invalid-files',
          `The proving key ${files.zkey} does not belong to the witness generator ${files.wasm} (${failure.errorMessage}). Install matching circuit files (one archive) again.`,
          detail,
        );
      break;
    case 'verifying':
      return new Groth16Error(
        'invalid-files',
        `The verification key ${files.verificationKey} cannot check proofs of this circuit (${failure.errorMessage}). Install matching circuit files again.`,
        detail,
      );
  }
  return new Groth16Error(
    'prover-failed',
    `Proving failed while ${describe(failure.phase)}: ${failure.errorMessage}`,
    detail,
  );
}

function describe(phase: FailureMessage['phase']): string {
  return phase === 'setup' ? 'starting' : phase === 'witness' ? 'computing the witness' : phase;
}

function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : '.';
}
