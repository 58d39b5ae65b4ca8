// The connected wallet as the SDK needs it: a kit TransactionModifyingSigner
// over the wallet's `solana:signTransaction`, for the configured chain. An
// account that is not on that chain is reported as the wrong network instead
// (the signer hook would throw during render).

import type { Address, TransactionModifyingSigner } from '@solana/kit';
import { useSelectedWalletAccount, useWalletAccountTransactionSigner } from '@solana/react';
import type { UiWalletAccount } from '@wallet-standard/react';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { config } from '../config.js';

export type WalletState =
  | { status: 'disconnected' }
  | { status: 'wrong-network'; account: UiWalletAccount }
  | { status: 'ready'; account: UiWalletAccount; address: Address; signer: TransactionModifyingSigner };

const WalletContext = createContext<WalletState>({ status: 'disconnected' });

export const useWallet = (): WalletState => useContext(WalletContext);

/** The connected address, if any (whatever the network). */
export function useWalletAddress(): Address | undefined {
  const w = useWallet();
  return w.status === 'disconnected' ? undefined : (w.account.address as Address);
}

function SignerProbe({ account, onReady }: { account: UiWalletAccount; onReady: (s: WalletState) => void }) {
  const signer = useWalletAccountTransactionSigner(account, config().walletChain);
  useEffect(() => {
    onReady({ status: 'ready', account, address: signer.address, signer });
  }, [account, signer, onReady]);
  return null;
}

export function WalletStateProvider({ children }: { children: ReactNode }) {
  const [account] = useSelectedWalletAccount();
  const [ready, setReady] = useState<WalletState>({ status: 'disconnected' });
  const onChain = account?.chains.includes(config().walletChain) ?? false;
  const state: WalletState = !account
    ? { status: 'disconnected' }
    : !onChain
      ? { status: 'wrong-network', account }
      : ready.status === 'ready' && ready.account === account
        ? ready
        : { status: 'disconnected' };
  return (
    <WalletContext.Provider value={state}>
      {/* Mounted beside the page, so connecting never remounts what the person was doing. */}
      {account && onChain ? <SignerProbe key={account.address} account={account} onReady={setReady} /> : null}
      {children}
    </WalletContext.Provider>
  );
}

export type { ReactNode };
