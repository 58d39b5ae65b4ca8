// Server-side rendering of the marketplace (built with `vite build --ssr`, used by
// app/server): the first page of results as HTML, so the cards are on screen before
// the scripts have run; the browser then hydrates the same tree.
import { renderToString } from 'react-dom/server';
import type { AppConfig } from '../server/config.js';
import { App } from './app/app.js';
import { newQueryClient } from './app/query-client.js';
import { setConfig } from './config.js';
import { seedLanding } from './features/browse/prefetch.js';
import type { ModelPage, ModelsQuery } from './lib/indexer.js';

/** The markup of the app at `url` (a marketplace URL) with its first page of results. */
export function renderMarketplace(url: string, config: AppConfig, query: ModelsQuery, page: ModelPage): string {
  setConfig(config);
  const client = newQueryClient();
  seedLanding(client, query, page);
  return renderToString(<App client={client} location={url} />);
}
