// The Node side of the test wallet: the page's wallet-standard wallet
// (test-wallet.ts) asks this process to sign. The test can count signatures
// and make the next one be refused, as a person clicking "Cancel" would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  getTransactionDecoder,
  getTransactionEncoder,
  type KeyPairSigner,
  partiallySignTransaction,
} from '@solana/kit';
import type { BrowserContext } from 'playwright-core';

const WALLET_JS = join(import.meta.dirname, '../dist-e2e/test-wallet.js');

export interface TestWallet {
  name: string;
  signed: number;
  /** The next `n` signature requests are refused (code 4001). */
  rejectNext(n?: number): void;
}

/** Injects a test wallet holding `signers` into every page of `context` (before the app loads). */
export async function installTestWallet(
  context: BrowserContext,
  signers: KeyPairSigner[],
  o: { name?: string; chains?: `solana:${string}`[]; remember?: boolean } = {},
): Promise<TestWallet> {
  const wallet: TestWallet & { rejecting: number } = {
    name: o.name ?? 'Test Wallet',
    signed: 0,
    rejecting: 0,
    rejectNext(n = 1) {
      this.rejecting = n;
    },
  };
  await context.exposeFunction('__testWalletSign', async (address: string, b64: string) => {
    if (wallet.rejecting > 0) {
      wallet.rejecting -= 1;
      throw new Error('User rejected the request.');
    }
    const signer = signers.find((s) => s.address === address);
    if (!signer) throw new Error(`the test wallet has no key for ${address}`);
    const tx = getTransactionDecoder().decode(Buffer.from(b64, 'base64'));
    const signed = await partiallySignTransaction([signer.keyPair], tx);
    wallet.signed += 1;
    return Buffer.from(getTransactionEncoder().encode(signed)).toString('base64');
  });
  await context.addInitScript(
    (cfg) => {
      (window as unknown as { __testWallet: unknown }).__testWallet = cfg;
    },
    {
      name: wallet.name,
      chains: o.chains ?? ['solana:devnet', 'solana:localnet'],
      accounts: signers.map((s, i) => ({ address: s.address, label: `test account ${i + 1}` })),
      remember: o.remember === true,
    },
  );
  await context.addInitScript({ content: readFileSync(WALLET_JS, 'utf8') });
  return wallet;
}
