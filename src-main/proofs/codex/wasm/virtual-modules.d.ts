// Modules the build provides (build/vite-plugin.ts), declared for the type checker.

declare module 'virtual:codex-poseidon2-wasm' {
  /** The compiled Poseidon2 wasm module, base64. */
  export const wasmBase64: string;
  /** The hash of its sources and compiler options. */
  export const wasmHash: string;
}

declare module 'virtual:codex-hash-worker' {
  /** The hashing worker as one CommonJS script, for `new Worker(source, { eval: true })`. */
  export const workerSource: string;
}
