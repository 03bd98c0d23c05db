import { defineConfig } from 'vitest/config';

// Benchmarks run apart from the test suite: `npx vitest run --config bench/vitest.config.ts`.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 600_000,
  },
});
