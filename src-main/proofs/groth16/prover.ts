// The Groth16 prover: one snarkjs worker thread, one proof at a time, so the engine's event loop
// never waits on proving and memory stays bounded to one proof. Aborting a proof terminates the
// worker (snarkjs cannot be interrupted otherwise); the next proof starts a fresh one.
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { ProofPurpose } from '../../engine/index';
import { classifyFailure } from './classify';
import { cancelledError, Groth16Error, outOfMemoryError } from './errors';
import { checkCircuitInput, toJsonInput } from './input';
import { toGroth16Proof } from './proof-mapping';
import { ProofTurns } from './turns';
import { CODEX_PUBLIC_INPUTS, SNARK_SCALAR_FIELD } from './types';
import type { CircuitInput, Groth16Files, Groth16Proof, ProvePhase, ProveResult } from './types';
import type { ProveJob, ResultMessage, WorkerMessage } from './worker-protocol';
import { defaultWorkerUrl } from './worker-url';

/** How the prover runs its worker. */
export interface Groth16ProverOptions {
  /** Heap limit of the worker in MiB (snarkjs' wasm memory comes on top). Default 4096. */
  readonly maxMemoryMb?: number;
  /** An idle worker is stopped after this many ms, releasing its memory. Default 30 s. */
  readonly idleMs?: number;
  /** Prove without snarkjs' helper threads: half the memory, about twice the time. Default false. */
  readonly singleThread?: boolean;
  /** The input's public inputs in the circuit's declaration order. Default Codex's. */
  readonly publicInputs?: readonly string[];
  /** The worker script (default: found beside this module or in the build). */
  readonly workerUrl?: URL;
}

interface Running {
  readonly worker: Worker;
  readonly exited: Promise<void>;
}

const FILE_ROLES = [
  ['wasm', 'witness generator'],
  ['zkey', 'proving key'],
  ['verificationKey', 'verification key'],
] as const;

/** Proves circuit inputs with snarkjs in a worker thread; every proof is verified locally before it is returned. */
export class Groth16Prover {
  private readonly maxMemoryMb: number;
  private readonly idleMs: number;
  private readonly singleThread: boolean;
  private readonly publicInputs: readonly string[];
  private readonly workerUrl: URL | undefined;
  private running: Running | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly turns = new ProofTurns();
  private nextId = 1;
  private closed = false;
  private live = 0;

  constructor(options: Groth16ProverOptions = {}) {
    this.maxMemoryMb = options.maxMemoryMb ?? 4096;
    this.idleMs = options.idleMs ?? 30_000;
    this.singleThread = options.singleThread ?? false;
    this.publicInputs = options.publicInputs ?? CODEX_PUBLIC_INPUTS;
    this.workerUrl = options.workerUrl;
  }

  /** The running worker's thread id, or undefined when none runs. */
  get workerThreadId(): number | undefined {
    return this.running?.worker.threadId;
  }

  /** Worker threads started by this prover that have not exited yet (0 or 1). */
  get liveWorkers(): number {
    return this.live;
  }

  /**
   * Proves `input` (the circuit's input JSON, as an object or text) with `files`. Resolves with a proof
   * that passed local verification; rejects with a Groth16Error (cancelled when `signal` aborts).
   * One proof runs at a time; a held slot's proof (the default) goes before waiting filling proofs.
   */
  async prove(
    input: CircuitInput | string,
    files: Groth16Files,
    signal?: AbortSignal,
    onPhase?: (phase: ProvePhase) => void,
    purpose: ProofPurpose = 'held',
  ): Promise<ProveResult> {
    if (this.closed) throw new Groth16Error('prover-failed', 'The prover was closed; no more proofs are made.');
    if (signal?.aborted) throw cancelledError();
    const parsed = parseInput(input);
    const expected = checkCircuitInput(parsed, this.publicInputs);
    await checkFiles(files);
    const release = await this.turns.take(purpose, signal);
    try {
      if (signal?.aborted) throw cancelledError();
      const started = performance.now();
      const result = await this.run(toJsonInput(parsed), files, signal, onPhase);
      return this.accept(result, expected, files, performance.now() - started);
    } finally {
      release();
    }
  }

  /** Stops the worker; a proof in progress is cancelled. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stopWorker();
  }

  private spawn(): Running {
    const worker = new Worker(this.workerUrl ?? defaultWorkerUrl(), {
      resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb },
    });
    this.live++;
    // A worker that failed is dying: the next proof must not be posted to it. A job's own listeners
    // report errors during a proof; without this listener an idle worker's error would be thrown
    // in the main process.
    worker.on('error', () => {
      if (this.running?.worker === worker) this.running = undefined;
    });
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', () => {
        this.live--;
        if (this.running?.worker === worker) this.running = undefined;
        resolve();
      }),
    );
    return { worker, exited };
  }

  private async stopWorker(): Promise<void> {
    clearTimeout(this.idleTimer);
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    await running.worker.terminate();
    await running.exited;
  }

  private run(
    input: Record<string, unknown>,
    files: Groth16Files,
    signal: AbortSignal | undefined,
    onPhase: ((phase: ProvePhase) => void) | undefined,
  ): Promise<ResultMessage> {
    clearTimeout(this.idleTimer);
    const running = (this.running ??= this.spawn());
    const { worker } = running;
    worker.ref();
    const id = this.nextId++;
    return new Promise<ResultMessage>((resolve, reject) => {
      const done = (settle: () => void) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const onMessage = (m: WorkerMessage) => {
        if (m.id !== id) return;
        if (m.kind === 'phase') onPhase?.(m.phase);
        else if (m.kind === 'result') done(() => (this.idle(running), resolve(m)));
        else done(() => (this.idle(running), reject(classifyFailure(m, files, this.maxMemoryMb))));
      };
      const onError = (e: Error) => {
        const code = (e as { code?: unknown }).code;
        done(() =>
          reject(
            code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? outOfMemoryError(this.maxMemoryMb, e.message)
              : new Groth16Error('prover-failed', `The proving worker failed: ${e.message}`, e.stack),
          ),
        );
      };
      const onExit = (exitCode: number) =>
        done(() =>
          reject(
            this.closed
              ? cancelledError()
              : new Groth16Error('prover-failed', `The proving worker stopped unexpectedly (exit code ${exitCode}).`),
          ),
        );
      const onAbort = () =>
        done(() => {
          void this.stopWorker().then(() => reject(cancelledError()));
        });
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      const job: ProveJob = { kind: 'prove', id, input, files, singleThread: this.singleThread };
      worker.postMessage(job);
    });
  }

  // A worker between proofs must not keep the process alive, and is stopped when idle too long.
  private idle(running: Running): void {
    if (this.running !== running) return;
    running.worker.unref();
    this.idleTimer = setTimeout(() => void this.stopWorker(), this.idleMs);
    this.idleTimer.unref();
  }

  private accept(m: ResultMessage, expected: readonly bigint[], files: Groth16Files, totalMs: number): ProveResult {
    if (!m.verified)
      throw new Groth16Error(
        'verification-failed',
        `The proof did not pass local verification with ${files.verificationKey}: the proving key and the verification key do not belong together. Install the circuit files again; the proof was not used.`,
      );
    let proof: Groth16Proof;
    let publicSignals: bigint[];
    try {
      proof = toGroth16Proof(m.proof);
      publicSignals = parseSignals(m.publicSignals);
    } catch (e) {
      throw new Groth16Error('prover-failed', `snarkjs returned a malformed proof: ${(e as Error).message}.`);
    }
    const same = publicSignals.length === expected.length && publicSignals.every((s, i) => s === expected[i]);
    if (!same)
      throw new Groth16Error(
        'circuit-mismatch',
        `The circuit's public signals [${publicSignals.join(', ')}] are not the input's ${this.publicInputs.join(', ')} [${expected.join(', ')}]: ${files.zkey} is not a circuit whose public inputs are exactly ${this.publicInputs.join(', ')}, in that order.`,
      );
    return {
      proof,
      publicSignals,
      timings: { witnessMs: m.witnessMs, proveMs: m.proveMs, verifyMs: m.verifyMs, totalMs },
    };
  }
}

function parseInput(input: CircuitInput | string): CircuitInput {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as CircuitInput;
  } catch (e) {
    throw new Groth16Error('invalid-input', `The circuit input is not valid JSON: ${(e as Error).message}.`);
  }
}

function parseSignals(value: unknown): bigint[] {
  if (!Array.isArray(value)) throw new Error('the public signals are not a list');
  return value.map((s) => {
    if (typeof s !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(s)) throw new Error('a public signal is not decimal');
    const v = BigInt(s);
    if (v >= SNARK_SCALAR_FIELD) throw new Error('a public signal is not below r');
    return v;
  });
}

async function checkFiles(files: Groth16Files): Promise<void> {
  for (const [key, role] of FILE_ROLES) {
    const path = files[key];
    const found = await stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!found)
      throw new Groth16Error(
        'missing-files',
        `The circuit's ${role} ${path} is missing. Put proof_main.wasm, proof_main.zkey and proof_main_verification_key.json of this marketplace's circuit in one folder (--circuit-dir), or let Slotkeeper download them.`,
      );
  }
}
