import type { Kysely } from 'kysely';

/**
 * Indexes follow the queries that read them:
 * - `payments (job)` goes: nothing reads the ledger by job (revenue reads it by model and time),
 *   and each ledger row paid for it on ingest;
 * - jobs by status are listed newest first (`GET /jobs?status=`), so the status index orders by
 *   position instead of deadline.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('payments_job_idx').execute();
  await db.schema.dropIndex('jobs_status_idx').execute();
  await db.schema.createIndex('jobs_status_idx').on('jobs').columns(['status', 'pos desc']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_status_idx').execute();
  await db.schema.createIndex('jobs_status_idx').on('jobs').columns(['status', 'deadline']).execute();
  await db.schema.createIndex('payments_job_idx').on('payments').column('job').execute();
}
