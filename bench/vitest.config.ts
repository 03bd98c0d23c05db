import { defineConfig } from 'vitest/config';
import { codexPoseidon2Wasm } from '../src-main/proofs/codex/wasm/build/vite-plugin.js';

// Benchmarks run apart from the test suite: `npx vitest run --config bench/vitest.config.ts`.
export default defineConfig({
  // The Poseidon2 wasm and its hashing worker, as the app's build embeds them.
  plugins: [codexPoseidon2Wasm(import.meta.dirname + '/..')],
  test: {
    include: ['bench/**/*.bench.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 600_000,
  },
});
