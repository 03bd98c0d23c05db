// Messages between the prover and its worker. Types only: the worker imports this file with
// `import type`, so it stays a single file Node can run without a bundler.
import type { Groth16Files, ProvePhase } from './types';

/** Main thread → worker: prove one input. */
export interface ProveJob {
  readonly kind: 'prove';
  readonly id: number;
  /** The input with every value as JSON (decimal strings, numbers, arrays). */
  readonly input: Record<string, unknown>;
  readonly files: Groth16Files;
  /** Prove on this thread only, without snarkjs' helper threads. */
  readonly singleThread: boolean;
}

/** Worker → main thread: a phase started. */
export interface PhaseMessage {
  readonly kind: 'phase';
  readonly id: number;
  readonly phase: ProvePhase;
}

/** Worker → main thread: the proof, verified with the verification key. */
export interface ResultMessage {
  readonly kind: 'result';
  readonly id: number;
  readonly proof: unknown;
  readonly publicSignals: unknown;
  readonly verified: boolean;
  readonly witnessMs: number;
  readonly proveMs: number;
  readonly verifyMs: number;
}

/** Worker → main thread: no proof; the main thread turns what snarkjs said into a Groth16Error. */
export interface FailureMessage {
  readonly kind: 'failure';
  readonly id: number;
  /** The phase that failed ('setup' = before the witness: reading the verification key). */
  readonly phase: ProvePhase | 'setup';
  /** The error's name, message and Node code (e.g. ENOENT), and what the circuit printed before it. */
  readonly errorName: string;
  readonly errorMessage: string;
  readonly errorCode?: string;
  readonly output: string;
}

export type WorkerMessage = PhaseMessage | ResultMessage | FailureMessage;
