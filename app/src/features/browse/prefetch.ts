// The marketplace's search as a query (shared by the page and the prefetch
// that starts it before the first render).
import { infiniteQueryOptions, type QueryClient } from '@tanstack/react-query';
import { queryClient } from '../../app/query-client.js';
import { indexer, type ModelPage, type ModelsQuery } from '../../lib/indexer.js';
import { readSearch, toQuery } from '../../lib/search.js';

export const modelsQuery = (query: ModelsQuery) =>
  infiniteQueryOptions({
    queryKey: ['models', query],
    queryFn: ({ pageParam }) => indexer.models({ ...query, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

declare global {
  interface Window {
    /** The marketplace's first page, put in the page by the app server (server/landing.ts). */
    __MODELMINT_LANDING__?: { query: unknown; page: ModelPage };
  }
}

/** Puts a first page of results in a query client, as the marketplace will ask for it. */
export function seedLanding(client: QueryClient, query: ModelsQuery, page: ModelPage): void {
  client.setQueryData(modelsQuery(query).queryKey, { pages: [page], pageParams: [''] });
}

/**
 * On the marketplace: the first page of results the app server sent with the page, when it answers
 * this very search (true: the server rendered the page with it); otherwise the search is asked for
 * at once (React renders meanwhile).
 */
export function prefetchLanding(): boolean {
  if (location.pathname !== '/') return false;
  const { query, errors } = toQuery(readSearch(new URLSearchParams(location.search)));
  if (Object.keys(errors).length > 0) return false;
  const landing = window.__MODELMINT_LANDING__;
  if (landing && JSON.stringify(landing.query) === JSON.stringify(query)) {
    seedLanding(queryClient, query, landing.page);
    return true;
  }
  void queryClient.prefetchInfiniteQuery(modelsQuery(query));
  return false;
}
