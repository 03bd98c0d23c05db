// The proving worker: witness, Groth16 proof and local verification with snarkjs, off the main
// thread. It is one self-contained file (type imports only) so Node runs it from source in tests
// and the build emits it as its own entry. The main thread classifies failures (prover.ts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import type { FailureMessage, ProveJob, WorkerMessage } from './worker-protocol';
import type { ProvePhase } from './types';

const threads = createRequire(import.meta.url)('node:worker_threads') as typeof WorkerThreads;
const port = threads.parentPort;
if (!port) throw new Error('prove-worker.ts runs only as a worker thread');

// snarkjs' field arithmetic spawns its helper threads through the `web-worker` package, which
// decides at load time from worker_threads.isMainThread whether it is the spawning side or one of
// its own helper threads. Loaded in this worker it would take the helper's role and crash. So it
// must see this thread as a spawning one while it loads; its helpers are fresh threads and see the
// truth. Nothing else in snarkjs' dependencies reads isMainThread.
(threads as { isMainThread: boolean }).isMainThread = true;
const snarkjs = await import('snarkjs');

// The witness generator prints failed asserts to the console; keep the tail for the error message
// instead of writing into the host's log unasked.
const OUTPUT_LIMIT = 4_000;
let output = '';
const capture = (...args: unknown[]) => {
  output = `${output}${args.map(String).join(' ')}\n`.slice(-OUTPUT_LIMIT);
};
Object.assign(console, { log: capture, info: capture, warn: capture, error: capture, debug: capture });

function send(message: WorkerMessage): void {
  port?.postMessage(message);
}

function failure(id: number, phase: FailureMessage['phase'], e: unknown): FailureMessage {
  const error = e instanceof Error ? e : new Error(String(e));
  const code = (error as { code?: unknown }).code;
  return {
    kind: 'failure',
    id,
    phase,
    errorName: error.name,
    errorMessage: error.message,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    output,
  };
}

async function prove(job: ProveJob): Promise<void> {
  output = '';
  let phase: ProvePhase | 'setup' = 'setup';
  const enter = (next: ProvePhase) => {
    phase = next;
    send({ kind: 'phase', id: job.id, phase: next });
  };
  try {
    const vk: unknown = JSON.parse(await readFile(job.files.verificationKey, 'utf8'));
    enter('witness');
    const t0 = performance.now();
    const witness: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
    await snarkjs.wtns.calculate(job.input, job.files.wasm, witness);
    const t1 = performance.now();
    enter('proving');
    const { proof, publicSignals } = await snarkjs.groth16.prove(job.files.zkey, witness, undefined, {
      singleThread: job.singleThread,
    });
    const t2 = performance.now();
    enter('verifying');
    const verified = await snarkjs.groth16.verify(vk, publicSignals, proof);
    const t3 = performance.now();
    send({
      kind: 'result',
      id: job.id,
      proof,
      publicSignals,
      verified: verified === true,
      witnessMs: t1 - t0,
      proveMs: t2 - t1,
      verifyMs: t3 - t2,
    });
  } catch (e) {
    send(failure(job.id, phase, e));
  }
}

port.on('message', (job: ProveJob) => {
  void prove(job);
});
