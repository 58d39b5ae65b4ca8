import type { Db } from '../db/index.js';
import type { DecodedTransaction, RawTransaction, TxDecoder } from '../ingest/decoder.js';
import { dropTransactions } from '../ingest/drop.js';
import type { FoldEnv } from '../ingest/fold/run.js';
import { promoteTransactions } from '../ingest/promote.js';
import type { RpcClient } from '../sources/rpc.js';

export interface FinalityResult {
  /** Confirmed transactions at or below the finalized slot that were looked up. */
  checked: number;
  /** Finalized on chain: their rows are now `finalized`. */
  promoted: number;
  /** Gone from the chain (an abandoned fork): their rows were removed and the mirror rebuilt. */
  dropped: number;
  /** Finalized in another slot than the one stored: dropped, then ingested again from the chain. */
  moved: number;
}

export interface FinalityOptions {
  env?: FoldEnv;
  /** Transactions looked at in one run, oldest first (default 1,000). */
  limit?: number;
  /** Where a moved transaction goes after its old rows are dropped (the one ingest path). */
  reingest?: (txs: DecodedTransaction[]) => Promise<unknown>;
  decoder?: TxDecoder;
}

interface SignatureStatus {
  slot: number;
  confirmationStatus: 'processed' | 'confirmed' | 'finalized' | null;
}

/**
 * Settles confirmed rows with the chain. Sources deliver transactions at `confirmed`; once the
 * chain's finalized slot passes a transaction's slot, its status says what became of it:
 * finalized in the same slot (rows promoted), unknown (its fork was abandoned: rows dropped), or
 * finalized in another slot (dropped, then fetched and ingested again there). Still only
 * confirmed: left for the next run. Needs an RPC node that keeps transaction history
 * (`searchTransactionHistory`): a pruned node's "unknown" would drop good rows.
 */
export async function settleConfirmed(db: Db, rpc: RpcClient, options: FinalityOptions = {}): Promise<FinalityResult> {
  const finalized = await rpc.call<number>('getSlot', [{ commitment: 'finalized' }]);
  const rows = await db
    .selectFrom('transactions')
    .select(['signature', 'slot'])
    .where('commitment', '=', 'confirmed')
    .where('slot', '<=', String(finalized))
    .orderBy('slot')
    .limit(options.limit ?? 1000)
    .execute();
  const result: FinalityResult = { checked: rows.length, promoted: 0, dropped: 0, moved: 0 };
  const finalizedHere: string[] = [];
  const vanished: string[] = [];
  const moved: string[] = [];
  for (let i = 0; i < rows.length; i += 256) {
    const part = rows.slice(i, i + 256);
    const { value } = await rpc.call<{ value: (SignatureStatus | null)[] }>('getSignatureStatuses', [
      part.map((r) => r.signature),
      { searchTransactionHistory: true },
    ]);
    // A short answer must not read as "unknown": that would drop good rows.
    if (!Array.isArray(value) || value.length !== part.length) {
      throw new Error(`getSignatureStatuses answered ${value?.length ?? 'no'} statuses for ${part.length} signatures`);
    }
    for (const [k, row] of part.entries()) {
      const status = value[k] ?? null;
      if (!status) vanished.push(row.signature);
      else if (status.confirmationStatus !== 'finalized') continue;
      else if (String(status.slot) !== row.slot) moved.push(row.signature);
      else finalizedHere.push(row.signature);
    }
  }
  result.promoted = await promoteTransactions(db, finalizedHere);
  // One rebuild of the mirror for every transaction dropped in this run.
  const dropped = await dropTransactions(db, [...vanished, ...moved], options.env);
  for (const [k, outcome] of dropped.entries()) {
    if (outcome !== 'dropped') continue;
    if (k < vanished.length) result.dropped++;
    else {
      result.moved++;
      await reingest(rpc, moved[k - vanished.length] as string, options);
    }
  }
  return result;
}

async function reingest(rpc: RpcClient, signature: string, options: FinalityOptions): Promise<void> {
  if (!options.reingest || !options.decoder) return;
  const raw = await rpc.call<RawTransaction | null>('getTransaction', [
    signature,
    { encoding: 'json', commitment: 'finalized', maxSupportedTransactionVersion: 0 },
  ]);
  const tx = raw ? options.decoder.decode(raw, 'finalized') : null;
  if (tx) await options.reingest([tx]);
}
