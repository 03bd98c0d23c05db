// A pool of worker_threads hashing with the Poseidon2 wasm module, sized to the machine, so the
// engine's event loop never waits on hashing. Jobs queue by priority (block-hasher.ts), FIFO
// within one: a free worker takes the oldest job of the most urgent priority waiting, so a held
// slot's proof overtakes queued onboarding batches and lower priorities run whenever nothing more
// urgent waits. A running job is never pre-empted: callers keep long work in batches (onboarding
// hashes 16 blocks a job), so an urgent job waits at most one batch. Bytes go over as transferred
// buffers; an AbortSignal cancels a queued job at once and a running one within a block; a worker
// that dies fails its job (as a value) and is replaced on the next job.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerSource } from 'virtual:codex-hash-worker';
import { poseidon2WasmConstants, poseidon2WasmModule } from '../wasm/module';
import { BLOCK_TREE_NODES, NODE_BYTES, WASM_BLOCK_BYTES } from '../wasm/poseidon2-wasm';
import {
  abortedFailure,
  type BlockHasher,
  DEFAULT_HASH_PRIORITY,
  HASH_PRIORITIES,
  type HashFailure,
  type HashPriority,
  type HashResult,
} from './block-hasher';
import { canonicalNodesError } from './canonical-nodes';
import type { HashJob, HashReply, HashWorkerData } from './protocol';

/** Pool settings. */
export interface HashPoolOptions {
  /** Worker threads (default: os.availableParallelism(), at least 1). */
  readonly size?: number;
  /**
   * How much nicer than the main thread the workers run, 0–19 (default 10): on Linux, where the
   * nice value is per thread, hashing then yields the cores to the engine's event loop. Elsewhere
   * the OS sets priority per process, so it is left alone.
   */
  readonly nice?: number;
  /** The compiled Poseidon2 module the workers run (default: the one the build embeds). */
  readonly module?: WebAssembly.Module;
}

type JobBody = HashJob extends infer J ? (J extends HashJob ? Omit<J, 'id' | 'cancel'> : never) : never;

interface Pending {
  readonly id: number;
  readonly body: JobBody;
  /** Index into HASH_PRIORITIES: the queue it waits in. */
  readonly rank: number;
  readonly transfer: ArrayBuffer[];
  readonly cancel: Int32Array;
  readonly settle: (result: HashResult<ArrayBuffer>) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface Slot {
  worker: Worker;
  job: Pending | undefined;
}

/** Worker-thread Poseidon2 hashing. Call close() when done. */
export class HashPool implements BlockHasher {
  /** Worker threads this pool runs at most. */
  readonly size: number;
  private readonly slots: Slot[] = [];
  /** One FIFO queue per priority, most urgent first. */
  private readonly queues: Pending[][] = HASH_PRIORITIES.map(() => []);
  private readonly nice: number | undefined;
  private readonly module: WebAssembly.Module | undefined;
  private nextId = 1;
  private closed = false;

  constructor(options: HashPoolOptions = {}) {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a hash pool needs at least one worker, got ${size}`);
    this.size = size;
    const nice = options.nice ?? 10;
    if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new RangeError(`a nice value is 0 to 19, got ${nice}`);
    this.nice = process.platform === 'linux' && nice > 0 ? nice : undefined;
    this.module = options.module;
  }

  async blockRoots(
    blocks: readonly Uint8Array[],
    signal?: AbortSignal,
    priority?: HashPriority,
  ): Promise<HashResult<Uint8Array>> {
    const tooLong = blocks.findIndex((b) => b.length > WASM_BLOCK_BYTES);
    if (tooLong >= 0)
      return invalid(`block ${tooLong} has ${blocks[tooLong]!.length} bytes; a block has at most 65,536`);
    // Packed back to back: empty and short blocks cost only their bytes.
    const lengths = blocks.map((b) => b.length);
    const buffer = new ArrayBuffer(lengths.reduce((n, l) => n + l, 0));
    const bytes = new Uint8Array(buffer);
    let at = 0;
    for (const b of blocks) {
      bytes.set(b, at);
      at += b.length;
    }
    const result = await this.submit({ kind: 'roots', buffer, lengths }, [buffer], signal, priority);
    return result.ok ? { ok: true, value: new Uint8Array(result.value) } : result;
  }

  async blockTree(block: Uint8Array, signal?: AbortSignal, priority?: HashPriority): Promise<HashResult<Uint8Array>> {
    if (block.length > WASM_BLOCK_BYTES) return invalid(`a block has at most 65,536 bytes, got ${block.length}`);
    const buffer = new ArrayBuffer(WASM_BLOCK_BYTES);
    new Uint8Array(buffer).set(block);
    const result = await this.submit({ kind: 'tree', buffer, length: block.length }, [buffer], signal, priority);
    if (!result.ok) return result;
    const nodes = new Uint8Array(result.value);
    return nodes.length === BLOCK_TREE_NODES * NODE_BYTES
      ? { ok: true, value: nodes }
      : failed('a worker returned a malformed block tree');
  }

  async treeLayers(
    leaves: Uint8Array,
    signal?: AbortSignal,
    priority?: HashPriority,
  ): Promise<HashResult<Uint8Array[]>> {
    const problem = canonicalNodesError(leaves);
    if (problem) return invalid(problem);
    const buffer = leaves.slice().buffer;
    const result = await this.submit({ kind: 'layers', buffer }, [buffer], signal, priority);
    if (!result.ok) return result;
    const all = new Uint8Array(result.value);
    const layers: Uint8Array[] = [];
    let at = 0;
    for (let count = leaves.length / NODE_BYTES; ; count = Math.ceil(count / 2)) {
      layers.push(all.subarray(at, at + count * NODE_BYTES));
      at += count * NODE_BYTES;
      if (count === 1 && layers.length > 1) break;
    }
    return at === all.length ? { ok: true, value: layers } : failed('a worker returned malformed tree layers');
  }

  /** Stops every worker; queued and running jobs end as 'closed'. */
  async close(): Promise<void> {
    this.closed = true;
    for (const queue of this.queues)
      for (const job of queue.splice(0)) this.finish(job, { ok: false, error: closedFailure() });
    const workers = this.slots.splice(0);
    for (const slot of workers) if (slot.job) this.finish(slot.job, { ok: false, error: closedFailure() });
    await Promise.all(workers.map((slot) => slot.worker.terminate()));
  }

  private submit(
    body: JobBody,
    transfer: ArrayBuffer[],
    signal: AbortSignal | undefined,
    priority: HashPriority = DEFAULT_HASH_PRIORITY,
  ): Promise<HashResult<ArrayBuffer>> {
    const rank = HASH_PRIORITIES.indexOf(priority);
    if (rank < 0) return Promise.resolve(invalid(`no hashing priority is called ${String(priority)}`));
    if (this.closed) return Promise.resolve({ ok: false, error: closedFailure() });
    if (signal?.aborted) return Promise.resolve({ ok: false, error: abortedFailure() });
    return new Promise((settle) => {
      const cancel = new Int32Array(new SharedArrayBuffer(4));
      const job: Pending = {
        id: this.nextId++,
        body,
        rank,
        transfer,
        cancel,
        settle,
        signal,
        onAbort: () => {
          Atomics.store(cancel, 0, 1);
          const queue = this.queues[rank]!;
          const queued = queue.indexOf(job);
          if (queued >= 0) queue.splice(queued, 1);
          this.finish(job, { ok: false, error: abortedFailure() });
        },
      };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      this.queues[rank]!.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (;;) {
      const queue = this.queues.find((q) => q.length > 0);
      if (!queue) return;
      let slot = this.slots.find((s) => s.job === undefined);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ ...job.body, id: job.id, cancel: job.cancel } as HashJob, job.transfer);
    }
  }

  private spawn(): Slot {
    const data: HashWorkerData = {
      module: this.module ?? poseidon2WasmModule(),
      constants: poseidon2WasmConstants(),
      nice: this.nice,
    };
    const worker = new Worker(workerSource, { eval: true, workerData: data });
    const slot: Slot = { worker, job: undefined };
    worker.on('message', (reply: HashReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = undefined;
      worker.unref();
      if (reply.ok) this.finish(job, { ok: true, value: reply.buffer });
      else
        this.finish(job, {
          ok: false,
          error: { kind: reply.kind === 'aborted' ? 'aborted' : 'worker-failed', message: reply.message },
        });
      this.dispatch();
    });
    const lost = (why: string) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      if (slot.job) this.finish(slot.job, { ok: false, error: { kind: 'worker-failed', message: why } });
      slot.job = undefined;
      this.dispatch();
    };
    worker.on('error', (error) => lost(`a hashing worker failed: ${error.message}`));
    worker.on('exit', (code) => lost(`a hashing worker exited (code ${code})`));
    this.slots.push(slot);
    return slot;
  }

  private finish(job: Pending, result: HashResult<ArrayBuffer>): void {
    job.signal?.removeEventListener('abort', job.onAbort);
    job.settle(result); // a second settle (abort, then the worker's late reply) is a no-op
  }
}

function invalid<T>(message: string): HashResult<T> {
  return { ok: false, error: { kind: 'invalid-input', message } };
}
function failed<T>(message: string): HashResult<T> {
  return { ok: false, error: { kind: 'worker-failed', message } };
}
function closedFailure(): HashFailure {
  return { kind: 'closed', message: 'the hash pool was closed' };
}
