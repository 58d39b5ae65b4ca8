import { EVENT_ROW_TABLES, type MIRROR_TABLES } from '@modelmint/migrations';
import { sql } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import { lockIngest } from './lock.js';
import { withRetry } from './retry.js';

type MirrorTable = (typeof MIRROR_TABLES)[number];

/**
 * How to find the mirror rows a transaction may have written last, through an index: by the
 * models or jobs its events belong to (the key column leads each table's primary key). Config
 * and oracles are a handful of rows and are searched whole.
 */
const FIND_BY: Record<MirrorTable, { column: string; by: 'model' | 'job' } | 'all'> = {
  config: 'all',
  oracles: 'all',
  models: { column: 'address', by: 'model' },
  model_versions: { column: 'model', by: 'model' },
  access_grants: { column: 'model', by: 'model' },
  subscriptions: { column: 'model', by: 'model' },
  passes: { column: 'model', by: 'model' },
  jobs: { column: 'address', by: 'job' },
  disputes: { column: 'job', by: 'job' },
  ratings: { column: 'job', by: 'job' },
  trusted_mints: 'all',
};

/**
 * Marks every row written by a confirmed transaction as finalized. Returns false if there was
 * none. A mirror row carries the signature of the transaction that wrote it last, and that
 * transaction's events name its model or job, so each table is searched by key, not scanned.
 */
export async function promote(trx: Trx, signature: string): Promise<boolean> {
  const updated = await trx
    .updateTable('transactions')
    .set({ commitment: 'finalized' })
    .where('signature', '=', signature)
    .where('commitment', '=', 'confirmed')
    .returning('signature')
    .executeTakeFirst();
  if (!updated) return false;
  const owners = await trx.selectFrom('events').select(['model', 'job']).where('signature', '=', signature).execute();
  const keys = {
    model: [...new Set(owners.flatMap((o) => (o.model ? [o.model] : [])))],
    job: [...new Set(owners.flatMap((o) => (o.job ? [o.job] : [])))],
  };
  const finalize = (table: string, where = sql`true`) =>
    sql`update ${sql.table(table)} set commitment = 'finalized'
      where ${where} and signature = ${signature} and commitment = 'confirmed'`.execute(trx);
  for (const table of EVENT_ROW_TABLES) await finalize(table);
  for (const [table, find] of Object.entries(FIND_BY)) {
    if (find === 'all') await finalize(table);
    else if (keys[find.by].length > 0) {
      await finalize(table, sql`${sql.ref(find.column)} = any(${keys[find.by]}::text[])`);
    }
  }
  return true;
}

/** `promote` for several transactions, in one database transaction under the ingest lock. */
export async function promoteTransactions(db: Db, signatures: readonly string[]): Promise<number> {
  if (signatures.length === 0) return 0;
  return withRetry(() =>
    db.transaction().execute(async (trx) => {
      await lockIngest(trx);
      let promoted = 0;
      for (const signature of signatures) if (await promote(trx, signature)) promoted++;
      return promoted;
    }),
  );
}
