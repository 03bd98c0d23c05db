// Messages between the hashing pool (hash-pool.ts) and its workers (hash-worker.ts). Bytes travel
// as transferred ArrayBuffers; a job is cancelled through a shared flag the worker reads between
// blocks, so an abort takes effect within one block (≈20 ms).

/** What a worker is started with (workerData). */
export interface HashWorkerData {
  readonly module: WebAssembly.Module;
  readonly constants: Uint8Array;
  /** How much nicer than its creator the worker thread runs (Linux keeps one per thread), or undefined. */
  readonly nice: number | undefined;
}

/** The jobs a worker runs. */
export type HashJob =
  /** Block roots: blocks of up to 64 KiB packed back to back, block i having `lengths[i]` bytes. */
  | {
      readonly id: number;
      readonly kind: 'roots';
      readonly buffer: ArrayBuffer;
      readonly lengths: readonly number[];
      readonly cancel: Int32Array;
    }
  /** The 63 nodes of one block's tree. */
  | {
      readonly id: number;
      readonly kind: 'tree';
      readonly buffer: ArrayBuffer;
      readonly length: number;
      readonly cancel: Int32Array;
    }
  /** Every layer of the keyed tree over 32-byte leaves (all layers, concatenated). */
  | { readonly id: number; readonly kind: 'layers'; readonly buffer: ArrayBuffer; readonly cancel: Int32Array };

/** A worker's answer: bytes, or why not. */
export type HashReply =
  | { readonly id: number; readonly ok: true; readonly buffer: ArrayBuffer }
  | { readonly id: number; readonly ok: false; readonly kind: 'aborted' | 'failed'; readonly message: string };
