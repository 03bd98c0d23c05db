// What can be wrong with a market's circuit files, as values the integrator shows in an alert.

/** Why a circuit cannot be used. */
export type CircuitProblemCode =
  /** The marketplace's zkeyHash is not a SHA-256. */
  | 'bad-zkey-hash'
  /** A file is not in the circuit folder (and it was not to be downloaded). */
  | 'missing'
  /** A file is there but is not what it must be. */
  | 'invalid'
  /** The server has no archive for this zkeyHash (HTTP 404). */
  | 'not-found'
  /** The download failed or stalled; what arrived is kept and resumed next time. */
  | 'download-failed'
  /** The archive's SHA-256 is not the zkeyHash. */
  | 'hash-mismatch'
  /** The archive is malformed, unsafe or lacks a file. */
  | 'bad-archive'
  /** The archive or one of its entries is over the size limit. */
  | 'too-large'
  /** Writing under the data directory failed (disk full, permissions). */
  | 'storage-failed'
  /** The caller aborted. */
  | 'cancelled';

/** A circuit problem with the message the operator reads (what is wrong and what to do). */
export interface CircuitProblem {
  readonly code: CircuitProblemCode;
  readonly message: string;
}

/** The problem for a file-system error `e` while writing under `dir`, or undefined when `e` is none. */
export function storageProblem(e: unknown, dir: string): CircuitProblem | undefined {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== 'string' || typeof err.syscall !== 'string') return undefined;
  return {
    code: 'storage-failed',
    message: `Writing the circuit files under ${dir} failed (${err.message}). Free disk space or fix the permissions of the data directory; the download resumes on the next try.`,
  };
}

/** Thrown inside the circuit code and turned into a CircuitProblem at its API. */
export class CircuitFault extends Error {
  override readonly name = 'CircuitFault';
  constructor(
    readonly code: CircuitProblemCode,
    message: string,
  ) {
    super(message);
  }

  toProblem(): CircuitProblem {
    return { code: this.code, message: this.message };
  }
}
