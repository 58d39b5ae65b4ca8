// Every transaction the same way: "Approve in your wallet" -> "Confirming…" ->
// confirmed (toast with an explorer link) or failed (toast and inline alert
// with the program error's IDL name, or a neutral "Cancelled").
import type { SentTransaction } from '@modelmint/sdk';
import type { TransactionModifyingSigner } from '@solana/kit';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { toast } from 'sonner';
import { config, explorerTx } from '../config.js';
import { useWallet } from '../wallet/signer.js';
import { balanceOf } from './chain.js';
import { type Described, describeError, UserFacingError } from './errors.js';
import { formatAmount } from './units.js';

export type TxPhase = 'idle' | 'signing' | 'confirming' | 'done' | 'failed';

export interface TxRequest<T> {
  /** What is being done, e.g. "Pay 0.001 SOL for one generation". */
  label: string;
  /** Lamports the wallet must hold (payment + rent + fees); checked before the wallet is asked. */
  needsLamports?: bigint;
  /** The SDK action, with the wallet's signer. */
  run(signer: TransactionModifyingSigner): Promise<T>;
  /** Queries to refetch once confirmed. */
  invalidate?: unknown[][];
}

/** Estimated network fee and rent margin added to a payment when checking a balance. */
export const FEE_MARGIN = 10_000_000n;

function signatureOf(result: unknown): string | undefined {
  return (result as Partial<SentTransaction> | undefined)?.signature;
}

export function useTransaction() {
  const wallet = useWallet();
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<TxPhase>('idle');
  const [error, setError] = useState<Described | null>(null);
  const [signature, setSignature] = useState<string | null>(null);

  const send = useCallback(
    async <T,>(req: TxRequest<T>): Promise<T | undefined> => {
      setError(null);
      const id = toast.loading(`${req.label}: approve in your wallet`);
      try {
        if (wallet.status === 'wrong-network') {
          throw new UserFacingError(
            'network',
            `Wrong network: your wallet account is not on ${config().clusterName} (${config().walletChain}). Switch networks in your wallet.`,
          );
        }
        if (wallet.status !== 'ready') throw new UserFacingError('other', 'Connect a wallet first.');
        if (req.needsLamports !== undefined) {
          const have = await balanceOf(wallet.address);
          if (have < req.needsLamports) {
            throw new UserFacingError(
              'funds',
              `Insufficient funds: this needs about ${formatAmount(req.needsLamports)} and your wallet holds ${formatAmount(have)} on ${config().clusterName}.`,
            );
          }
        }
        setPhase('signing');
        const inner = wallet.signer;
        // Wraps the wallet's signer to learn when the person approved.
        const signer: TransactionModifyingSigner = {
          address: inner.address,
          async modifyAndSignTransactions(txs, cfg) {
            const out = await inner.modifyAndSignTransactions(txs, cfg);
            setPhase('confirming');
            toast.loading(`${req.label}: confirming…`, { id });
            return out;
          },
        };
        const result = await req.run(signer);
        setPhase('done');
        const signature = signatureOf(result);
        setSignature(signature ?? null);
        toast.success(`${req.label}: confirmed`, {
          id,
          description: signature ? (
            <a href={explorerTx(signature)} target="_blank" rel="noreferrer" className="underline">
              View transaction
            </a>
          ) : undefined,
        });
        for (const queryKey of req.invalidate ?? []) void queryClient.invalidateQueries({ queryKey });
        return result;
      } catch (e) {
        const d = describeError(e, config().clusterName);
        setPhase('failed');
        setError(d);
        if (d.kind === 'cancelled') toast.info(d.message, { id });
        else toast.error(`${req.label} failed: ${d.message}`, { id });
        return undefined;
      }
    },
    [wallet, queryClient],
  );
  const busy = phase === 'signing' || phase === 'confirming';
  return { send, phase, busy, error, signature, reset: () => setError(null) };
}
