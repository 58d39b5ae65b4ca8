// The marketplace's first page of results, fetched by the app server while it
// sends the page: the browser downloads the scripts meanwhile and renders the
// cards without a request of its own (the first page otherwise waited for the
// scripts, then for a search).
import { readSearch, toQuery } from '../src/lib/search.js';

/** How long the page waits for the indexer before leaving the search to the browser. */
export const LANDING_TIMEOUT_MS = 400;

/** What the page carries: the query (as the browser computes it) and the indexer's answer. */
export interface LandingData {
  query: unknown;
  page: unknown;
}

/** The first page of the marketplace for `url`, or null (another page, a bad filter, a slow or failing indexer). */
export async function landingData(url: URL, indexer: string): Promise<LandingData | null> {
  if (url.pathname !== '/') return null;
  const { query, errors } = toQuery(readSearch(url.searchParams));
  if (Object.keys(errors).length > 0) return null;
  const params = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  try {
    const res = await fetch(`${indexer}/models?${params}`, { signal: AbortSignal.timeout(LANDING_TIMEOUT_MS) });
    return res.ok ? { query, page: await res.json() } : null;
  } catch {
    return null;
  }
}

/** A `<script>` setting `window.__MODELMINT_LANDING__` (`<` escaped so the JSON cannot close the tag). */
export function landingScript(data: LandingData | null): string {
  if (!data) return '';
  return `<script>window.__MODELMINT_LANDING__=${JSON.stringify(data).replaceAll('<', '\\u003c')}</script>`;
}
