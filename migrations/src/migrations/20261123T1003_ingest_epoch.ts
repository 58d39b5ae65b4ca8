import { type Kysely, sql } from 'kysely';

/**
 * `ingest_epoch`: every writer of the mirror takes the next value under the ingest lock, so a
 * batch whose fold was planned ahead (indexer/src/ingest/plan.ts) can tell at commit time that no
 * other write came between the state it planned on and its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence ingest_epoch`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop sequence ingest_epoch`.execute(db);
}
