import type { QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { Layout } from './layout.js';
import { Providers } from './providers.js';
import { AppRoutes } from './routes.js';

/** The whole app; the same tree in the browser and on the server (`location` set). */
export function App({ client, location }: { client: QueryClient; location?: string }) {
  return (
    <StrictMode>
      <Providers client={client} {...(location === undefined ? {} : { location })}>
        <Layout>
          <AppRoutes />
        </Layout>
      </Providers>
    </StrictMode>
  );
}
