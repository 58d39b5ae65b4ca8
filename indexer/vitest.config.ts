import { defineConfig } from 'vitest/config';

// The root vitest.config.ts runs these too (include `indexer/test/**/*.test.ts`); this file lets
// `vitest run --config indexer/vitest.config.ts` run the indexer's tests alone.
export default defineConfig({
  test: {
    include: ['indexer/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
