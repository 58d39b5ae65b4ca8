import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Layout } from './app/layout.js';
import { Providers } from './app/providers.js';
import { AppRoutes } from './app/routes.js';
import { inlineConfig, loadConfig } from './config.js';
import { prefetchLanding } from './features/browse/prefetch.js';
import './index.css';
import { registerDevWallet } from './wallet/dev-wallet.js';

const root = createRoot(document.getElementById('root') as HTMLElement);
try {
  if (!inlineConfig()) await loadConfig();
  // The marketplace's first page is asked for now, while React renders.
  prefetchLanding();
  void registerDevWallet().catch(() => undefined);
  root.render(
    <StrictMode>
      <Providers>
        <Layout>
          <AppRoutes />
        </Layout>
      </Providers>
    </StrictMode>,
  );
} catch (e) {
  root.render(<p role="alert">The app could not start: {(e as Error).message}</p>);
}
