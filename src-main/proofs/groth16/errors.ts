// Every way a proof can fail, as one error type with a stable code and a message an operator can act on.

/** Why no proof came out. */
export type Groth16ErrorCode =
  /** A circuit file is not there. */
  | 'missing-files'
  /** The circuit files are unreadable or do not belong together. */
  | 'invalid-files'
  /** The input JSON is malformed or does not fit the circuit's signals. */
  | 'invalid-input'
  /** The witness generator's asserts failed: the input does not satisfy the circuit. */
  | 'unsatisfied'
  /** The worker ran out of memory. */
  | 'out-of-memory'
  /** The caller aborted (the sale ended). */
  | 'cancelled'
  /** The proof did not pass local verification with the verification key. */
  | 'verification-failed'
  /** The circuit's public signals are not the input's named public inputs in order. */
  | 'circuit-mismatch'
  /** The worker stopped or failed for another reason. */
  | 'prover-failed';

/** A proof could not be made; `code` says why, `message` what to do. */
export class Groth16Error extends Error {
  override readonly name = 'Groth16Error';
  constructor(
    readonly code: Groth16ErrorCode,
    message: string,
    /** What the prover itself said, for logs. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Whether `e` is a Groth16Error, optionally of one code. */
export function isGroth16Error(e: unknown, code?: Groth16ErrorCode): e is Groth16Error {
  return e instanceof Groth16Error && (code === undefined || e.code === code);
}

/** The error for a proof whose signal aborted. */
export function cancelledError(): Groth16Error {
  return new Groth16Error('cancelled', 'Proving was cancelled before it finished; no proof was made.');
}

/** The error for a worker that ran out of memory under a limit of `limitMb`. */
export function outOfMemoryError(limitMb: number, detail?: string): Groth16Error {
  return new Groth16Error(
    'out-of-memory',
    `Proving ran out of memory (the prover's limit is ${limitMb} MiB). Free memory on this machine or raise the prover's memory limit, then the next challenge is proved again.`,
    detail,
  );
}

/** The error for a witness whose asserts failed; `detail` is what the witness generator said. */
export function unsatisfiedError(detail: string): Groth16Error {
  const where = /template \S+ line: \d+/.exec(detail)?.[0];
  return new Groth16Error(
    'unsatisfied',
    `The input does not satisfy the circuit${where ? ` (assert failed in ${where})` : ''}: the slot data, its tree paths, the roots or the challenge do not match what the circuit checks. No proof was attempted.`,
    detail,
  );
}
