// Whether a failure is the person refusing in their wallet (kept apart from
// errors.ts so the wallet menu does not load the program's error table).
import { isWalletStandardError, WALLET_STANDARD_ERROR__USER__REQUEST_REJECTED } from '@wallet-standard/errors';

export function isRejection(e: unknown): boolean {
  if (isWalletStandardError(e, WALLET_STANDARD_ERROR__USER__REQUEST_REJECTED)) return true;
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  // 4001: EIP-1193's "user rejected", which Solana wallets (Phantom, Backpack, Solflare) reuse.
  return code === 4001 || (typeof message === 'string' && /user (rejected|denied|cancell?ed)/i.test(message));
}
