import { type Kysely, sql } from 'kysely';
import { oneOf, position, u64 } from './columns.js';

const JOB_MODES = ['per_use', 'subscription', 'pass', 'training_fee'];
const PAYMENT_KINDS = [
  'job_escrow',
  'job_creator_share',
  'job_oracle_share',
  'job_fee',
  'job_refund',
  'subscription_creator_share',
  'subscription_fee',
  'pass_escrow',
  'pass_refund',
  'withdrawal',
];

/** The status a job takes with each event (the timeline view's `status`). */
const TIMELINE_STATUS = sql`case e.name
  when 'JobRequested' then 'open' when 'JobClaimed' then 'claimed' when 'ResultSubmitted' then 'delivered'
  when 'JobDisputed' then 'disputed' when 'JobSettled' then 'settled' when 'DisputeResolved' then 'settled'
  when 'JobFailed' then 'refunded' when 'JobExpired' then 'refunded' else null end`;

/**
 * Aligns the schema with the program's real accounts and events (idl/modelmint.json):
 * - events get the fold partition (`model`) and `job` they belong to; the job timeline becomes a
 *   view over the events (one write less per event); the GIN index over `keys` goes (writes);
 * - accounts gain the fields the IDL has (model vault, token kind, decimals, escrowed, version
 *   count; job CIDs, fee and refund bps, rating, outcome, closed; oracle capabilities; version
 *   dataset CID), job modes gain `training_fee`, payments gain `job_oracle_share`;
 * - `fold_partitions`: per model, the last event position folded into its rows;
 * - `oracle_progress`: signed training progress reports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events add column model text, add column job text`.execute(db);
  await db.schema.createIndex('events_model_pos_idx').on('events').columns(['model', 'pos']).execute();
  await db.schema.createIndex('events_job_pos_idx').on('events').columns(['job', 'pos']).execute();
  // Write speed: every index costs each event. Replays read by (model, pos), timelines by (job, pos);
  // a full rebuild sorts; `keys` lookups go through jobs / models rows instead.
  await db.schema.dropIndex('events_keys_idx').execute();
  await db.schema.dropIndex('events_name_pos_idx').execute();
  await db.schema.dropIndex('events_pos_idx').execute();
  await db.schema.dropIndex('transactions_confirmed_idx').execute();

  await db.schema.dropTable('job_timeline').execute();
  await sql`create view job_timeline as
    select e.signature, e.event_index, e.job, e.model, e.name as event, ${TIMELINE_STATUS} as status,
      coalesce(e.data->>'oracle', e.data->>'arbiter', e.data->>'requester') as actor,
      e.slot, e.pos, e.block_time, e.commitment, e.data as detail
    from events e where e.job is not null`.execute(db);

  await sql`alter table models
    add column version_count bigint not null default 0,
    add column vault text,
    add column token_kind smallint,
    add column decimals smallint,
    add column escrowed ${u64} not null default 0,
    add column rating_key ${u64} generated always as
      (case when rating_count > 0 then round(rating_sum * 1000 / rating_count) else 0 end) stored`.execute(db);
  // Sorting by rating and by newest use indexes (search pages stay index scans).
  await db.schema.createIndex('models_rating_idx').on('models').columns(['rating_key desc', 'address']).execute();
  await sql`alter table model_versions add column dataset_cid text`.execute(db);
  await sql`alter table jobs
    add column weights_cid text,
    add column config_cid text,
    add column fee_bps integer,
    add column refund_bps integer not null default 0,
    add column rating smallint not null default 0,
    add column outcome text check (outcome in ('settled', 'resolved', 'failed', 'expired')),
    add column closed boolean not null default false`.execute(db);
  await sql`alter table jobs drop constraint jobs_mode_check`.execute(db);
  await sql`alter table jobs add constraint jobs_mode_check check (${oneOf('mode', JOB_MODES)})`.execute(db);
  await sql`alter table oracles add column capabilities smallint`.execute(db);
  await sql`alter table payments drop constraint payments_kind_check`.execute(db);
  await sql`alter table payments add constraint payments_kind_check check (${oneOf('kind', PAYMENT_KINDS)})`.execute(
    db,
  );
  await db.schema.dropIndex('payments_model_idx').execute();
  await db.schema.createIndex('payments_model_time_idx').on('payments').columns(['model', 'block_time']).execute();

  await db.schema
    .createTable('fold_partitions')
    .addColumn('model', 'text', (c) => c.primaryKey())
    .addColumn('pos', position, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oracle_progress')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('oracle', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('epochs', 'integer', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('steps_total', 'integer', (c) => c.notNull())
    .addColumn('train_loss', 'double precision')
    .addColumn('val_loss', 'double precision')
    .addColumn('eta_secs', 'double precision')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('oracle_progress_pkey', ['job', 'ts', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oracle_progress').execute();
  await db.schema.dropTable('fold_partitions').execute();
  await db.schema.dropIndex('payments_model_time_idx').execute();
  await db.schema.createIndex('payments_model_idx').on('payments').columns(['model', 'pos']).execute();
  await sql`alter table payments drop constraint payments_kind_check`.execute(db);
  await sql`alter table payments add constraint payments_kind_check check (${oneOf(
    'kind',
    PAYMENT_KINDS.filter((k) => k !== 'job_oracle_share'),
  )})`.execute(db);
  await sql`alter table oracles drop column capabilities`.execute(db);
  await sql`alter table jobs drop constraint jobs_mode_check`.execute(db);
  await sql`alter table jobs add constraint jobs_mode_check check (${oneOf(
    'mode',
    JOB_MODES.filter((m) => m !== 'training_fee'),
  )})`.execute(db);
  await sql`alter table jobs drop column weights_cid, drop column config_cid, drop column fee_bps,
    drop column refund_bps, drop column rating, drop column outcome, drop column closed`.execute(db);
  await sql`alter table model_versions drop column dataset_cid`.execute(db);
  await db.schema.dropIndex('models_rating_idx').execute();
  await sql`alter table models drop column rating_key, drop column version_count, drop column vault, drop column token_kind,
    drop column decimals, drop column escrowed`.execute(db);

  await sql`drop view job_timeline`.execute(db);
  await db.schema
    .createTable('job_timeline')
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('event_index', 'integer', (c) => c.notNull())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('actor', 'text')
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('pos', position, (c) => c.notNull())
    .addColumn('block_time', 'bigint')
    .addColumn('commitment', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_timeline_pkey', ['signature', 'event_index'])
    .execute();
  await db.schema.createIndex('job_timeline_job_idx').on('job_timeline').columns(['job', 'pos']).execute();
  await db.schema.createIndex('events_name_pos_idx').on('events').columns(['name', 'pos']).execute();
  await db.schema.createIndex('events_pos_idx').on('events').column('pos').execute();
  await sql`create index transactions_confirmed_idx on transactions (slot) where commitment = 'confirmed'`.execute(db);
  await db.schema.createIndex('events_keys_idx').on('events').using('gin').column('keys').execute();
  await db.schema.dropIndex('events_job_pos_idx').execute();
  await db.schema.dropIndex('events_model_pos_idx').execute();
  await sql`alter table events drop column model, drop column job`.execute(db);
}
