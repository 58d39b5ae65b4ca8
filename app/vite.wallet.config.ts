import { defineConfig } from 'vite';

// The browser tests' wallet as one IIFE, injected with page.addInitScript.
export default defineConfig({
  build: {
    outDir: 'dist-e2e',
    emptyOutDir: true,
    lib: {
      entry: 'e2e/test-wallet.ts',
      formats: ['iife'],
      name: 'modelmintTestWallet',
      fileName: () => 'test-wallet.js',
    },
  },
});
