import { hc } from 'hono/client';
import type { AppType } from './api/app.js';

export type { AppType } from './api/app.js';

/** A typed client of the indexer's API: `createIndexerClient(url).models.$get({ query: { q: 'cats' } })`. */
export function createIndexerClient(baseUrl: string, options?: Parameters<typeof hc>[1]) {
  return hc<AppType>(baseUrl, options);
}
