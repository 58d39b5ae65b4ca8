import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own localnet on free ports.
    testTimeout: 30_000,
  },
});
