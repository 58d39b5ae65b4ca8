import { type Kysely, sql } from 'kysely';

/**
 * Model cards that could not be fetched are retried with backoff: `attempts` counts the fetches
 * of a card, `retry_at` is when a failed one may be fetched again (null: never, because the
 * failure is a property of the content, e.g. not JSON or too large).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('model_cards')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_at', 'timestamptz')
    .execute();
  // Failures stored before this migration were never retried: retry them now.
  await sql`update model_cards set attempts = 1, retry_at = now() where status = 'error'`.execute(db);
  await sql`update model_cards set attempts = 1 where status = 'ok'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('model_cards').dropColumn('retry_at').dropColumn('attempts').execute();
}
