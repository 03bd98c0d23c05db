import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { codexPoseidon2Wasm } from './src-main/proofs/codex/wasm/build/vite-plugin.js';
import { compileContracts } from './src-main/market/devnet/compile';

// The devnet's Solidity is compiled here, at build time (cached by source hash in .cache/solc), and
// shipped as out/main/contracts.json, so no start of the app ever loads the compiler.
function precompiledContracts(): Plugin {
  return {
    name: 'slotkeeper-precompiled-contracts',
    generateBundle() {
      const root = import.meta.dirname;
      const compiled = compileContracts(resolve(root, 'contracts'), resolve(root, '.cache', 'solc'));
      this.emitFile({ type: 'asset', fileName: 'contracts.json', source: JSON.stringify(compiled) });
    },
  };
}

// One build produces both hosts: the Electron main process and the headless Node host share
// every module except desktop/, so they are two entries of the same main build.
export default defineConfig({
  main: {
    // The Poseidon2 AssemblyScript is compiled and embedded, with its hashing worker, in the bundle.
    plugins: [codexPoseidon2Wasm(import.meta.dirname), precompiledContracts()],
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          main: resolve(import.meta.dirname, 'src-main/desktop/main.ts'),
          headless: resolve(import.meta.dirname, 'src-main/headless/main.ts'),
          // A worker thread's script must be a file of its own (src-main/proofs/groth16/worker-url.ts finds it).
          'groth16-prove-worker': resolve(import.meta.dirname, 'src-main/proofs/groth16/prove-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { preload: resolve(import.meta.dirname, 'src-main/desktop/preload.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    // Relative asset paths so the same build loads from app://slotkeeper/ in Electron and from / in headless mode.
    base: './',
    plugins: [svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.js') })],
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: resolve(import.meta.dirname, 'src-renderer/index.html') },
    },
  },
});
