import { defineConfig } from 'vitest/config';

// The web app in Debian's chromium against the local stack as processes
// (scripts/test's app step; needs `npm run build -w @modelmint/app` first).
export default defineConfig({
  test: {
    include: ['app/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
