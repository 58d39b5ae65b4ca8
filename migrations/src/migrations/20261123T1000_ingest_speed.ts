import { type Kysely, sql } from 'kysely';

/**
 * Base58 keys (signatures, addresses) compare bytewise: under the "C" collation btree lookups and
 * inserts are plain memcmp instead of locale comparisons (about 15% of the ingest time on
 * PostgreSQL). Only key columns change; text users read (names, descriptions) keeps the
 * database's collation.
 */
const KEY_COLUMNS: Record<string, string[]> = {
  transactions: ['signature'],
  events: ['signature', 'model', 'job'],
  payments: ['signature', 'job', 'model'],
  jobs: ['address', 'model', 'oracle', 'requester'],
  ratings: ['job', 'model'],
  disputes: ['job', 'model'],
  models: ['address', 'creator', 'owner'],
  model_versions: ['model'],
  access_grants: ['model', 'wallet'],
  subscriptions: ['model', 'wallet'],
  passes: ['model', 'wallet'],
  oracles: ['address', 'authority'],
  fold_partitions: ['model'],
};

/** Runs `change` with the job timeline view (which reads events' columns) dropped, then recreates it. */
async function withTimelineDropped(db: Kysely<unknown>, change: () => Promise<void>): Promise<void> {
  const view = await sql<{ def: string }>`select pg_get_viewdef('job_timeline'::regclass) as def`.execute(db);
  const definition = view.rows[0]?.def;
  if (!definition) throw new Error('job_timeline view not found');
  await sql`drop view job_timeline`.execute(db);
  await change();
  await sql`create view job_timeline as ${sql.raw(definition)}`.execute(db);
}

function setCollation(db: Kysely<unknown>, collation: 'C' | 'default'): Promise<void> {
  return withTimelineDropped(db, async () => {
    for (const [table, columns] of Object.entries(KEY_COLUMNS)) {
      const changes = columns.map((c) => sql`alter column ${sql.ref(c)} type text collate ${sql.id(collation)}`);
      await sql`alter table ${sql.table(table)} ${sql.join(changes)}`.execute(db);
    }
  });
}

/**
 * Ingest speed, where the events table costs each ingested event:
 * - bytewise key columns (above);
 * - no index on `transactions.slot`: nothing reads transactions by slot;
 * - `events.data` is `json`: stored as the text received (validated, not converted to jsonb's
 *   binary form); it is read back whole (replays) or by a few keys (the timeline view);
 * - `events.keys` goes: nothing read it (live subscribers get the keys from the ingest itself).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('transactions_slot_idx').execute();
  await setCollation(db, 'C');
  await withTimelineDropped(db, async () => {
    await sql`alter table events alter column data type json using data::json, drop column keys`.execute(db);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await withTimelineDropped(db, async () => {
    await sql`alter table events alter column data type jsonb using data::jsonb,
      add column keys text[] not null default '{}'`.execute(db);
  });
  await setCollation(db, 'default');
  await db.schema.createIndex('transactions_slot_idx').on('transactions').column('slot').execute();
}
