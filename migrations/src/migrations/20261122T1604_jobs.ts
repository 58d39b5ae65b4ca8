import { type Kysely, sql } from 'kysely';
import { chainColumns, oneOf, position, u64 } from './columns.js';

const JOB_STATUSES = ['open', 'claimed', 'delivered', 'disputed', 'settled', 'refunded'];
const PAYMENT_KINDS = [
  'job_escrow',
  'job_creator_share',
  'job_fee',
  'job_refund',
  'subscription_creator_share',
  'subscription_fee',
  'pass_escrow',
  'pass_refund',
  'withdrawal',
];

/** Jobs, their timeline, the payments ledger, disputes and ratings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await chainColumns(
    db.schema
      .createTable('jobs')
      .addColumn('address', 'text', (c) => c.primaryKey())
      .addColumn('requester', 'text')
      .addColumn('nonce', u64)
      .addColumn('kind', 'text', (c) => c.check(oneOf('kind', ['inference', 'training'])))
      .addColumn('model', 'text')
      .addColumn('version', 'bigint')
      .addColumn('weights_hash', 'text')
      .addColumn('mode', 'text', (c) => c.check(oneOf('mode', ['per_use', 'subscription', 'pass'])))
      .addColumn('escrowed', u64)
      .addColumn('mint', 'text')
      .addColumn('input_hash', 'text')
      .addColumn('input_cid', 'text')
      .addColumn('dataset_hash', 'text')
      .addColumn('config_hash', 'text')
      .addColumn('oracle', 'text')
      .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', JOB_STATUSES)))
      .addColumn('status_pos', position, (c) => c.notNull())
      .addColumn('created_at', 'bigint')
      .addColumn('deadline', 'bigint')
      .addColumn('claimed_at', 'bigint')
      .addColumn('delivered_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .addColumn('result_hash', 'text')
      .addColumn('result_cid', 'text')
      .addColumn('failure_code', 'integer')
      .addColumn('refunded', u64)
      .addColumn('creator_share', u64)
      .addColumn('fee', u64),
  ).execute();
  for (const column of ['requester', 'model', 'oracle']) {
    await db.schema.createIndex(`jobs_${column}_idx`).on('jobs').columns([column, 'pos desc']).execute();
  }
  await db.schema.createIndex('jobs_status_idx').on('jobs').columns(['status', 'deadline']).execute();

  await db.schema
    .createTable('job_timeline')
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('event_index', 'integer', (c) => c.notNull())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.check(oneOf('status', JOB_STATUSES)))
    .addColumn('actor', 'text')
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('pos', position, (c) => c.notNull())
    .addColumn('block_time', 'bigint')
    .addColumn('commitment', 'text', (c) => c.notNull().check(sql`commitment in ('confirmed', 'finalized')`))
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_timeline_pkey', ['signature', 'event_index'])
    .execute();
  await db.schema.createIndex('job_timeline_job_idx').on('job_timeline').columns(['job', 'pos']).execute();

  await db.schema
    .createTable('payments')
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('event_index', 'integer', (c) => c.notNull())
    .addColumn('leg', 'smallint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', PAYMENT_KINDS)))
    .addColumn('job', 'text')
    .addColumn('model', 'text')
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('amount', u64, (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('mint', 'text', (c) => c.notNull())
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('pos', position, (c) => c.notNull())
    .addColumn('block_time', 'bigint')
    .addColumn('commitment', 'text', (c) => c.notNull().check(sql`commitment in ('confirmed', 'finalized')`))
    .addPrimaryKeyConstraint('payments_pkey', ['signature', 'event_index', 'leg'])
    .execute();
  await db.schema.createIndex('payments_job_idx').on('payments').column('job').execute();
  await db.schema.createIndex('payments_model_idx').on('payments').columns(['model', 'pos']).execute();

  await chainColumns(
    db.schema
      .createTable('disputes')
      .addColumn('job', 'text', (c) => c.primaryKey())
      .addColumn('model', 'text')
      .addColumn('requester', 'text')
      .addColumn('reason_hash', 'text')
      .addColumn('reason_cid', 'text')
      .addColumn('opened_at', 'bigint')
      .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', ['open', 'resolved'])))
      .addColumn('arbiter', 'text')
      .addColumn('refund_bps', 'integer')
      .addColumn('refunded', u64)
      .addColumn('resolved_at', 'bigint'),
  ).execute();
  await db.schema.createIndex('disputes_status_idx').on('disputes').columns(['status', 'opened_at']).execute();

  await chainColumns(
    db.schema
      .createTable('ratings')
      .addColumn('job', 'text', (c) => c.primaryKey())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('rater', 'text', (c) => c.notNull())
      .addColumn('rating', 'smallint', (c) => c.notNull().check(sql`rating between 1 and 5`))
      .addColumn('rated_at', 'bigint'),
  ).execute();
  await db.schema.createIndex('ratings_model_idx').on('ratings').column('model').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['ratings', 'disputes', 'payments', 'job_timeline', 'jobs']) {
    await db.schema.dropTable(table).execute();
  }
}
