// The app server: the built app (with client-side routes), its runtime config,
// the indexer's API under /api (SSE streamed through), content under /content
// and /ipfs, and on the local chain only the development wallet.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { loadAssets, serveAsset } from './assets.js';
import type { AppConfig } from './config.js';
import { type ContentOptions, contentRoutes } from './content.js';
import { type DevAccount, devWalletRoutes } from './dev-wallet.js';
import { type LandingData, landingData, landingScript } from './landing.js';

export interface AppServerOptions {
  /** The built app (vite's outDir). */
  distDir: string;
  indexerUrl: string;
  content: ContentOptions;
  config: AppConfig;
  /** Demo keys; only given on the local chain. */
  devAccounts?: DevAccount[] | undefined;
  /** Renders the marketplace with its first page of results (the app's `src/ssr.tsx`, built to dist-ssr). */
  renderMarketplace?: ((url: string, config: AppConfig, query: never, page: never) => string) | undefined;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length'];

export function createAppServer(o: AppServerOptions) {
  if (o.config.devWallet && !o.config.localChain)
    throw new Error('the development wallet exists only on the local chain');
  const indexer = o.indexerUrl.replace(/\/$/, '');
  const app = new Hono();
  app.get('/config.json', (c) => c.json(o.config, 200, { 'cache-control': 'no-store' }));
  app.all('/api/*', async (c) => {
    const url = new URL(c.req.url);
    const headers = new Headers(c.req.raw.headers);
    for (const h of HOP_BY_HOP) headers.delete(h);
    const method = c.req.method;
    // The body (a streamed Response) passes through as it arrives: SSE is not buffered.
    const res = await fetch(`${indexer}${url.pathname.slice(4)}${url.search}`, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer(),
      signal: c.req.raw.signal,
    }).catch(() => null);
    if (!res) return c.json({ error: 'the indexer is unreachable' }, 502);
    const out = new Headers(res.headers);
    for (const h of [...HOP_BY_HOP, 'content-encoding']) out.delete(h);
    return new Response(res.body, { status: res.status, headers: out });
  });
  app.route('/', contentRoutes(o.content));
  if (o.devAccounts && o.config.devWallet) app.route('/', devWalletRoutes(o.devAccounts));
  const assets = loadAssets(o.distDir);
  // The page's root with the marketplace rendered in it (the browser hydrates it), or empty.
  const rendered = (data: LandingData | null, path: string, end: string): string => {
    if (!data || !o.renderMarketplace) return end;
    try {
      const html = o.renderMarketplace(path, o.config, data.query as never, data.page as never);
      return end.replace('<div id="root"></div>', `<div id="root">${html}</div>`);
    } catch (e) {
      console.error(`app: server rendering failed: ${(e as Error).message}`);
      return end;
    }
  };
  app.get('/assets/*', (c) => serveAsset(assets, c) ?? c.text('not found', 404));
  // Every other GET is a client-side route: the app's index.html, with the runtime config (one request
  // less before the first render). On the marketplace the head goes out at once, so the scripts download
  // while the server asks the indexer for the first page, which follows in the same response.
  app.get('*', async (c) => {
    const index = join(o.distDir, 'index.html');
    if (!existsSync(index)) return c.text('the app is not built: npm run build -w @modelmint/app', 503);
    const config = JSON.stringify(o.config).replaceAll('<', '\\u003c');
    const [head, tail] = (await readFile(index, 'utf8')).split('<div id="root"></div>');
    const start = `${head}<script>window.__MODELMINT_CONFIG__=${config}</script>`;
    const end = `<div id="root"></div>${tail ?? ''}`;
    const url = new URL(c.req.url);
    if (url.pathname !== '/') return c.html(start + end, 200, { 'cache-control': 'no-store' });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(start));
        const data = await landingData(url, indexer);
        controller.enqueue(encoder.encode(landingScript(data) + rendered(data, `${url.pathname}${url.search}`, end)));
        controller.close();
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
  });
  return app;
}
