import type { Kysely } from 'kysely';
import { chainColumns, position, u64 } from './columns.js';

/** The `Config` singleton and `Oracle` accounts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await chainColumns(
    db.schema
      .createTable('config')
      .addColumn('address', 'text', (c) => c.primaryKey())
      .addColumn('admin', 'text', (c) => c.notNull())
      .addColumn('treasury', 'text', (c) => c.notNull())
      .addColumn('arbiter', 'text', (c) => c.notNull())
      .addColumn('fee_bps', 'integer', (c) => c.notNull())
      .addColumn('dispute_window_secs', 'bigint', (c) => c.notNull())
      .addColumn('inference_timeout_secs', 'bigint', (c) => c.notNull())
      .addColumn('training_timeout_secs', 'bigint', (c) => c.notNull())
      .addColumn('paused', 'boolean', (c) => c.notNull()),
  ).execute();

  await chainColumns(
    db.schema
      .createTable('oracles')
      .addColumn('address', 'text', (c) => c.primaryKey())
      .addColumn('authority', 'text')
      .addColumn('attestation_key', 'text')
      .addColumn('can_infer', 'boolean')
      .addColumn('can_train', 'boolean')
      .addColumn('active', 'boolean')
      .addColumn('state_pos', position, (c) => c.notNull().defaultTo(0))
      .addColumn('jobs_completed', u64, (c) => c.notNull().defaultTo(0))
      .addColumn('jobs_failed', u64, (c) => c.notNull().defaultTo(0))
      .addColumn('disputes_lost', u64, (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema.createIndex('oracles_authority_idx').on('oracles').column('authority').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oracles').execute();
  await db.schema.dropTable('config').execute();
}
