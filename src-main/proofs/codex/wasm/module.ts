// The Poseidon2 wasm module as the build embeds it (build/vite-plugin.ts), compiled once per
// thread on first use, and the round constants it is instantiated with.
import { wasmBase64 } from 'virtual:codex-poseidon2-wasm';
import { roundConstantsInOrder } from '../poseidon2/constants';
import { montgomeryConstants, Poseidon2Wasm } from './poseidon2-wasm';

let compiled: WebAssembly.Module | undefined;
let constants: Uint8Array | undefined;

/** The compiled module (cloneable into workers). */
export function poseidon2WasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(wasmBase64, 'base64'));
  return compiled;
}

/** Codex's round constants, Grain-generated, laid out for the module. */
export function poseidon2WasmConstants(): Uint8Array {
  constants ??= montgomeryConstants(roundConstantsInOrder());
  return constants;
}

/** A new instance on this thread. Fast (well under a millisecond once compiled), but synchronous hashing. */
export function createPoseidon2Wasm(): Poseidon2Wasm {
  return Poseidon2Wasm.instantiate(poseidon2WasmModule(), poseidon2WasmConstants());
}
