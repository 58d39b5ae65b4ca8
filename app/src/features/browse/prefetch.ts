// The marketplace's search as a query (shared by the page and the prefetch
// that starts it before the first render).
import { infiniteQueryOptions } from '@tanstack/react-query';
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

/**
 * On the marketplace: the first page of results the app server sent with the page, when it answers
 * this very search; otherwise the search is asked for at once (React renders meanwhile).
 */
export function prefetchLanding(): void {
  if (location.pathname !== '/') return;
  const { query, errors } = toQuery(readSearch(new URLSearchParams(location.search)));
  if (Object.keys(errors).length > 0) return;
  const landing = window.__MODELMINT_LANDING__;
  if (landing && JSON.stringify(landing.query) === JSON.stringify(query)) {
    queryClient.setQueryData(modelsQuery(query).queryKey, { pages: [landing.page], pageParams: [''] });
  } else {
    void queryClient.prefetchInfiniteQuery(modelsQuery(query));
  }
}
