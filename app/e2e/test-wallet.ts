// The browser side of the test wallet: a wallet-standard wallet registered in
// the page, whose signing is done in the test process (page.exposeFunction):
// the keys never enter the page. Built to dist-e2e/test-wallet.js (IIFE).
import type { WalletIcon } from '@wallet-standard/base';
import { registerRemoteWallet } from '../src/wallet/standard-wallet.js';

declare global {
  interface Window {
    __testWallet?: {
      name: string;
      chains: `solana:${string}`[];
      accounts: { address: string; label?: string }[];
      remember?: boolean;
    };
    __testWalletSign?: (address: string, transactionBase64: string) => Promise<string>;
  }
}

const ICON: WalletIcon = `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#0f766e"/></svg>')}`;

const cfg = window.__testWallet;
if (cfg) {
  registerRemoteWallet({
    name: cfg.name,
    icon: ICON,
    chains: cfg.chains,
    accounts: cfg.accounts,
    remember: cfg.remember === true,
    async sign(address, transaction) {
      const sign = window.__testWalletSign;
      if (!sign) throw new Error('no signer exposed');
      try {
        const signed = await sign(address, btoa(String.fromCharCode(...transaction)));
        return Uint8Array.from(atob(signed), (c) => c.charCodeAt(0));
      } catch (e) {
        // The test rejects like a wallet whose user clicked "Cancel" (EIP-1193 code 4001).
        const message = (e as Error).message;
        throw /rejected/i.test(message) ? Object.assign(new Error('User rejected the request.'), { code: 4001 }) : e;
      }
    },
  });
}
