import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Layout } from './app/layout.js';
import { Providers } from './app/providers.js';
import { AppRoutes } from './app/routes.js';
import { loadConfig } from './config.js';
import './index.css';
import { registerDevWallet } from './wallet/dev-wallet.js';

const root = createRoot(document.getElementById('root') as HTMLElement);
try {
  await loadConfig();
  await registerDevWallet().catch(() => undefined);
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
