import { defineConfig } from 'vitest/config';

// The end-to-end suite runs alone (scripts/test's e2e step): it starts the
// chain, indexer and oracle as processes and trains a model.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 240_000,
    // Each file starts its own chain and oracle (with a worker): one at a time on 2 cores.
    fileParallelism: false,
  },
});
