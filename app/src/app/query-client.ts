import { QueryClient } from '@tanstack/react-query';

/** A query client with the app's defaults (one in the browser, one per page rendered on the server). */
export const newQueryClient = () =>
  new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: false } } });

export const queryClient = newQueryClient();
