// A hashing worker: one Poseidon2 wasm instance answering the pool's jobs (protocol.ts). Bundled
// into a single script by the build (wasm/build/vite-plugin.ts) and started from that source.
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { NODE_BYTES, Poseidon2Wasm } from '../wasm/poseidon2-wasm';
import { keyedLayers } from '../wasm/layers';
import type { HashJob, HashReply, HashWorkerData } from './protocol';

const data = workerData as HashWorkerData;
// Hashing yields the cores to the thread running the engine's event loop when both want them.
if (data.nice !== undefined) setPriority(Math.min(19, getPriority() + data.nice));
const hasher = Poseidon2Wasm.instantiate(data.module, data.constants);

class Aborted extends Error {}

function run(job: HashJob): ArrayBuffer {
  const check = () => {
    if (Atomics.load(job.cancel, 0) !== 0) throw new Aborted();
  };
  const bytes = new Uint8Array(job.buffer);
  switch (job.kind) {
    case 'roots': {
      const out = new Uint8Array(job.lengths.length * NODE_BYTES);
      let at = 0;
      job.lengths.forEach((length, i) => {
        check();
        hasher.blockRootInto(bytes.subarray(at, at + length), out, i * NODE_BYTES);
        at += length;
      });
      return out.buffer;
    }
    case 'tree':
      return hasher.blockTree(bytes.subarray(0, job.length)).buffer as ArrayBuffer;
    case 'layers': {
      const layers = keyedLayers(hasher, bytes, check);
      const out = new Uint8Array(layers.reduce((n, l) => n + l.length, 0));
      let at = 0;
      for (const layer of layers) {
        out.set(layer, at);
        at += layer.length;
      }
      return out.buffer;
    }
  }
}

parentPort!.on('message', (job: HashJob) => {
  let reply: HashReply;
  try {
    const buffer = run(job);
    parentPort!.postMessage({ id: job.id, ok: true, buffer } satisfies HashReply, [buffer]);
    return;
  } catch (error) {
    reply =
      error instanceof Aborted
        ? { id: job.id, ok: false, kind: 'aborted', message: 'hashing was cancelled' }
        : { id: job.id, ok: false, kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
