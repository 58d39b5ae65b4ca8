import { SelectedWalletAccountContextProvider } from '@solana/react';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { UiWallet } from '@wallet-standard/react';
import type { ReactNode } from 'react';
import { BrowserRouter, StaticRouter } from 'react-router';
import { Toaster } from 'sonner';
import { WalletStateProvider } from '../wallet/signer.js';

// Solana wallets only; the choice is remembered across visits (not on the server: no storage there).
const filterWallets = (w: UiWallet) => w.chains.some((c) => c.startsWith('solana:'));
const KEY = 'modelmint:selected-wallet';
const stateSync = {
  getSelectedWallet: () => globalThis.localStorage?.getItem(KEY) ?? null,
  storeSelectedWallet: (k: string) => localStorage.setItem(KEY, k),
  deleteSelectedWallet: () => localStorage.removeItem(KEY),
};

/**
 * Everything a page needs around it. `location` renders on the server (a static router at that URL);
 * in the browser the router follows the address bar. Both give the same markup, so the browser
 * hydrates what the server sent.
 */
export function Providers({
  client,
  location,
  children,
}: {
  client: QueryClient;
  location?: string;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={client}>
      <SelectedWalletAccountContextProvider filterWallets={filterWallets} stateSync={stateSync}>
        <WalletStateProvider>
          {location === undefined ? (
            <BrowserRouter>{children}</BrowserRouter>
          ) : (
            <StaticRouter location={location}>{children}</StaticRouter>
          )}
          <Toaster
            position="bottom-right"
            closeButton
            // sonner's own description grey is below WCAG AA contrast on white.
            toastOptions={{
              classNames: { toast: '!bg-white !text-slate-900 !border-slate-400', description: '!text-slate-800' },
            }}
          />
        </WalletStateProvider>
      </SelectedWalletAccountContextProvider>
    </QueryClientProvider>
  );
}
