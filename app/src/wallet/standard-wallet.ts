// A wallet-standard wallet whose keys live elsewhere: given accounts and a
// function that signs a wire transaction, it registers like any browser
// wallet (Phantom, Backpack, Solflare) and the app cannot tell it apart.
// Used by the local development wallet (keys on the app server) and by the
// browser tests (keys in the test process).
import type { Address } from '@solana/kit';
import { getAddressEncoder } from '@solana/kit';
import type { SolanaSignTransactionFeature, SolanaSignTransactionInput } from '@solana/wallet-standard-features';
import type { Wallet, WalletAccount, WalletIcon } from '@wallet-standard/base';
import type {
  StandardConnectFeature,
  StandardDisconnectFeature,
  StandardEventsFeature,
  StandardEventsListeners,
} from '@wallet-standard/features';
import { registerWallet } from '@wallet-standard/wallet';

export interface RemoteWalletOptions {
  name: string;
  icon: WalletIcon;
  chains: `solana:${string}`[];
  accounts: { address: string; label?: string }[];
  /** Stay connected across page loads (as real wallets do for a site they trust). */
  remember?: boolean;
  /** Signs a wire transaction for `address`; rejects (e.g. code 4001) when the user refuses. */
  sign(address: string, transaction: Uint8Array): Promise<Uint8Array>;
}

type Features = StandardConnectFeature &
  StandardDisconnectFeature &
  StandardEventsFeature &
  SolanaSignTransactionFeature;

/** Builds the wallet object (not yet registered). */
export function createRemoteWallet(o: RemoteWalletOptions): Wallet & { features: Features } {
  let listeners: StandardEventsListeners['change'][] = [];
  const all: WalletAccount[] = o.accounts.map((a) => ({
    address: a.address,
    publicKey: new Uint8Array(getAddressEncoder().encode(a.address as Address)),
    chains: o.chains,
    features: ['solana:signTransaction'],
    ...(a.label ? { label: a.label } : {}),
  }));
  const key = `modelmint:wallet-connected:${o.name}`;
  const remembered = o.remember === true && globalThis.localStorage?.getItem(key) === '1';
  let connected: readonly WalletAccount[] = remembered ? all : [];
  const remember = (on: boolean) => {
    if (o.remember) on ? localStorage.setItem(key, '1') : localStorage.removeItem(key);
  };
  const emit = () => {
    for (const l of listeners) l({ accounts: connected });
  };
  const signTransaction = async (...inputs: readonly SolanaSignTransactionInput[]) => {
    const out = [];
    for (const input of inputs) {
      if (!connected.some((a) => a.address === input.account.address)) throw new Error('account not connected');
      out.push({ signedTransaction: await o.sign(input.account.address, input.transaction) });
    }
    return out;
  };
  return {
    version: '1.0.0',
    name: o.name,
    icon: o.icon,
    chains: o.chains,
    get accounts() {
      return connected;
    },
    features: {
      'standard:connect': {
        version: '1.0.0',
        connect: async () => {
          connected = all;
          remember(true);
          emit();
          return { accounts: connected };
        },
      },
      'standard:disconnect': {
        version: '1.0.0',
        disconnect: async () => {
          connected = [];
          remember(false);
          emit();
        },
      },
      'standard:events': {
        version: '1.0.0',
        on: (_event, listener) => {
          listeners.push(listener);
          return () => {
            listeners = listeners.filter((l) => l !== listener);
          };
        },
      },
      'solana:signTransaction': {
        version: '1.0.0',
        supportedTransactionVersions: ['legacy', 0],
        signTransaction,
      },
    },
  };
}

/** Registers the wallet with the page's wallet-standard registry. */
export function registerRemoteWallet(o: RemoteWalletOptions): void {
  registerWallet(createRemoteWallet(o));
}
