import { SelectedWalletAccountContextProvider } from '@solana/react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { UiWallet } from '@wallet-standard/react';
import type { ReactNode } from 'react';
import { BrowserRouter } from 'react-router';
import { Toaster } from 'sonner';
import { WalletStateProvider } from '../wallet/signer.js';
import { queryClient } from './query-client.js';

// Solana wallets only; the choice is remembered across visits.
const filterWallets = (w: UiWallet) => w.chains.some((c) => c.startsWith('solana:'));
const KEY = 'modelmint:selected-wallet';
const stateSync = {
  getSelectedWallet: () => localStorage.getItem(KEY),
  storeSelectedWallet: (k: string) => localStorage.setItem(KEY, k),
  deleteSelectedWallet: () => localStorage.removeItem(KEY),
};

export function Providers({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <SelectedWalletAccountContextProvider filterWallets={filterWallets} stateSync={stateSync}>
        <WalletStateProvider>
          <BrowserRouter>{children}</BrowserRouter>
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
