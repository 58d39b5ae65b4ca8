import type { Db } from '../db/index.js';
import { type FoldEnv, foldEnv, rebuildAll } from './fold/run.js';
import { lockIngest } from './lock.js';
import { withRetry } from './retry.js';

export type DropResult = 'dropped' | 'unknown';

/**
 * A confirmed transaction that disappeared from the chain (its fork was abandoned): removes its
 * transaction, events and ledger rows, then rebuilds the account rows from the events that
 * remain, all in one database transaction. A finalized transaction cannot disappear.
 */
export async function dropTransaction(db: Db, signature: string, env?: FoldEnv): Promise<DropResult> {
  const [result] = await dropTransactions(db, [signature], env);
  return result ?? 'unknown';
}

/** `dropTransaction` for several transactions, with one rebuild of the mirror for all of them. */
export async function dropTransactions(db: Db, signatures: readonly string[], env?: FoldEnv): Promise<DropResult[]> {
  if (signatures.length === 0) return [];
  const e = env ?? (await foldEnv());
  return withRetry(() =>
    db.transaction().execute(async (trx) => {
      await lockIngest(trx);
      const results: DropResult[] = [];
      let rebuild = false;
      for (const signature of signatures) {
        const tx = await trx
          .selectFrom('transactions')
          .select(['commitment', 'event_count'])
          .where('signature', '=', signature)
          .executeTakeFirst();
        if (!tx) {
          results.push('unknown');
          continue;
        }
        if (tx.commitment === 'finalized')
          throw new Error(`transaction ${signature} is finalized and cannot be dropped`);
        await trx.deleteFrom('events').where('signature', '=', signature).execute();
        await trx.deleteFrom('payments').where('signature', '=', signature).execute();
        await trx.deleteFrom('transactions').where('signature', '=', signature).execute();
        rebuild ||= tx.event_count > 0;
        results.push('dropped');
      }
      if (rebuild) await rebuildAll(trx, e);
      return results;
    }),
  );
}

/** Recomputes every mirror row from the stored events (a repair tool). */
export async function rebuildMirrors(db: Db, env?: FoldEnv): Promise<number> {
  const e = env ?? (await foldEnv());
  return db.transaction().execute(async (trx) => {
    await lockIngest(trx);
    return rebuildAll(trx, e);
  });
}
