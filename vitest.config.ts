import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'sdk/test/**/*.test.ts',
      'tests/**/*.test.ts',
      'indexer/test/**/*.test.ts',
      'localnet/test/**/*.test.ts',
      'app/src/**/*.test.ts',
      'app/server/**/*.test.ts',
    ],
    // LiteSVM runs in-process; each file gets its own SVM, so files run in parallel safely.
    exclude: ['tests/e2e/**', '**/node_modules/**'],
    testTimeout: 30_000,
    // The indexer's first PGlite template build runs in a beforeAll.
    hookTimeout: 60_000,
  },
});
