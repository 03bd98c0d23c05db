import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { codexPoseidon2Wasm } from './src-main/proofs/codex/wasm/build/vite-plugin.js';

// Main-process code runs under Node with Node's module conditions; the renderer runs under jsdom
// with the browser build of Svelte (its server build cannot mount components). The end-to-end and
// fault suites run the built host as operators do, one file at a time.
export default defineConfig({
  // The Poseidon2 wasm and its hashing worker, built from source as in the app's build.
  plugins: [codexPoseidon2Wasm(import.meta.dirname)],
  test: {
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'test/e2e/**', 'test/faults/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/faults/build.ts'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
        },
      },
    ],
  },
});
