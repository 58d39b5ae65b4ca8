// The local development wallet (demo keys), registered only when the app
// server offers it, i.e. on the local chain (`make start`). Transactions are
// signed by the app server, which holds the demo keys.
import { config } from '../config.js';
import { registerRemoteWallet } from './standard-wallet.js';

export const DEV_WALLET_NAME = 'Local dev wallet (demo keys)';

// A plain key glyph: the wallet is not a product and should not look like one.
const ICON = `data:image/svg+xml;base64,${btoa(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#facc15"/><circle cx="12" cy="16" r="5" fill="none" stroke="#000" stroke-width="3"/><path d="M17 16h10M23 16v4M27 16v3" stroke="#000" stroke-width="3"/></svg>',
)}` as const;

const toBase64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

export async function registerDevWallet(): Promise<void> {
  const c = config();
  if (!c.devWallet || !c.localChain) return;
  const res = await fetch('/dev-wallet/accounts');
  if (!res.ok) return;
  const { accounts } = (await res.json()) as { accounts: { role: string; address: string }[] };
  registerRemoteWallet({
    name: DEV_WALLET_NAME,
    icon: ICON,
    chains: [c.walletChain, 'solana:localnet'],
    remember: true,
    accounts: accounts.map((a) => ({ address: a.address, label: `demo ${a.role}` })),
    async sign(address, transaction) {
      const r = await fetch('/dev-wallet/sign', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ address, transaction: toBase64(transaction) }),
      });
      const body = (await r.json()) as { signedTransaction?: string; error?: string };
      if (!r.ok || !body.signedTransaction) throw new Error(`development wallet: ${body.error ?? r.status}`);
      return fromBase64(body.signedTransaction);
    },
  });
}
