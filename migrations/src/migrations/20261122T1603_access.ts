import { type Kysely, sql } from 'kysely';
import { chainColumns, position, u64 } from './columns.js';

/** Access grants, subscriptions and passes: one row per (model, wallet). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await chainColumns(
    db.schema
      .createTable('access_grants')
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('wallet', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked', 'boolean', (c) => c.notNull())
      .addPrimaryKeyConstraint('access_grants_pkey', ['model', 'wallet']),
  ).execute();
  await db.schema.createIndex('access_grants_wallet_idx').on('access_grants').column('wallet').execute();

  await chainColumns(
    db.schema
      .createTable('subscriptions')
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('wallet', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('mint', 'text')
      .addColumn('total_paid', u64, (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('subscriptions_pkey', ['model', 'wallet']),
  ).execute();
  await db.schema.createIndex('subscriptions_wallet_idx').on('subscriptions').column('wallet').execute();

  await chainColumns(
    db.schema
      .createTable('passes')
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('wallet', 'text', (c) => c.notNull())
      .addColumn('uses_left', u64, (c) => c.notNull())
      .addColumn('unit_price', u64, (c) => c.notNull())
      .addColumn('escrowed', u64, (c) => c.notNull())
      .addColumn('mint', 'text')
      .addColumn('closed', 'boolean', (c) => c.notNull().defaultTo(sql`false`))
      .addColumn('bought_pos', position, (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('passes_pkey', ['model', 'wallet']),
  ).execute();
  await db.schema.createIndex('passes_wallet_idx').on('passes').column('wallet').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('passes').execute();
  await db.schema.dropTable('subscriptions').execute();
  await db.schema.dropTable('access_grants').execute();
}
