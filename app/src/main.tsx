import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { queryClient } from './app/query-client.js';
import { inlineConfig, loadConfig } from './config.js';
import { prefetchLanding } from './features/browse/prefetch.js';
import './index.css';
import { registerDevWallet } from './wallet/dev-wallet.js';

const container = document.getElementById('root') as HTMLElement;
try {
  if (!inlineConfig()) await loadConfig();
  // The marketplace's first page: sent with the page (then the page itself was rendered by the
  // server and is hydrated), or asked for now, while React renders.
  const landed = prefetchLanding();
  void registerDevWallet().catch(() => undefined);
  if (landed && container.hasChildNodes()) hydrateRoot(container, <App client={queryClient} />);
  else createRoot(container).render(<App client={queryClient} />);
} catch (e) {
  createRoot(container).render(<p role="alert">The app could not start: {(e as Error).message}</p>);
}
