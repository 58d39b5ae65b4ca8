import { type Kysely, sql } from 'kysely';
import { chainColumns, oneOf, u64 } from './columns.js';

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
const NEW_PAYMENT_KINDS = ['subscription_refund', 'fee_withdrawal'];

/**
 * The program's money-safety rules (issue 15):
 * - config: the dispute resolution time; `trusted_mints`, the payment mints with a freeze
 *   authority the admin accepts (a removed one keeps its row, `removed`);
 * - subscriptions: what their time is worth (`value` from `value_since`), what was refunded, and
 *   `closed` once revoked or cancelled; passes: the price and size each use is released against;
 * - jobs: `resolve_by` of a dispute; disputes may end `expired` (refunded after `resolve_by`);
 * - payments: subscription refunds and the treasury's fee withdrawals.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table config add column dispute_resolution_secs bigint not null default 1209600`.execute(db);
  await chainColumns(
    db.schema
      .createTable('trusted_mints')
      .addColumn('mint', 'text', (c) => c.primaryKey())
      .addColumn('removed', 'boolean', (c) => c.notNull().defaultTo(false)),
  ).execute();
  await sql`alter table subscriptions
    add column value ${u64} not null default 0,
    add column value_since bigint not null default 0,
    add column refunded ${u64} not null default 0,
    add column closed boolean not null default false`.execute(db);
  await sql`alter table passes add column price ${u64} not null default 0, add column size bigint not null default 0`.execute(
    db,
  );
  await sql`alter table jobs add column resolve_by bigint not null default 0`.execute(db);
  await sql`alter table disputes drop constraint disputes_status_check`.execute(db);
  await sql`alter table disputes add constraint disputes_status_check
    check (${oneOf('status', ['open', 'resolved', 'expired'])})`.execute(db);
  await sql`alter table payments drop constraint payments_kind_check`.execute(db);
  await sql`alter table payments add constraint payments_kind_check
    check (${oneOf('kind', [...PAYMENT_KINDS, ...NEW_PAYMENT_KINDS])})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from payments where kind in (${sql.join(NEW_PAYMENT_KINDS.map((k) => sql.lit(k)))})`.execute(db);
  await sql`alter table payments drop constraint payments_kind_check`.execute(db);
  await sql`alter table payments add constraint payments_kind_check check (${oneOf('kind', PAYMENT_KINDS)})`.execute(
    db,
  );
  await sql`update disputes set status = 'resolved' where status = 'expired'`.execute(db);
  await sql`alter table disputes drop constraint disputes_status_check`.execute(db);
  await sql`alter table disputes add constraint disputes_status_check
    check (${oneOf('status', ['open', 'resolved'])})`.execute(db);
  await sql`alter table jobs drop column resolve_by`.execute(db);
  await sql`alter table passes drop column price, drop column size`.execute(db);
  await sql`alter table subscriptions drop column value, drop column value_since, drop column refunded,
    drop column closed`.execute(db);
  await db.schema.dropTable('trusted_mints').execute();
  await sql`alter table config drop column dispute_resolution_secs`.execute(db);
}
