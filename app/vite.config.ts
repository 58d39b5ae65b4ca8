import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is served by server/main.ts (static files, /config.json, the indexer
// and content proxies). `vite` (dev) proxies the same paths to a running app server.
const appServer = process.env.MODELMINT_APP_SERVER ?? 'http://127.0.0.1:5173';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    // The marketplace's first load stays small: studio and console are lazy routes.
    chunkSizeWarningLimit: 600,
  },
  // The server-side build (src/ssr.tsx) bundles the workspace's TypeScript packages; the rest stays in node_modules.
  ssr: { noExternal: ['@modelmint/sdk', '@modelmint/indexer'] },
  server: {
    port: 5174,
    proxy: Object.fromEntries(['/api', '/ipfs', '/config.json', '/dev-wallet'].map((p) => [p, appServer])),
  },
});
