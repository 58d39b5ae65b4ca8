import { type Kysely, sql } from 'kysely';
import { position } from './columns.js';

/** Transactions, events and ingest cursors: the raw record of what was ingested. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transactions')
    .addColumn('signature', 'text', (c) => c.primaryKey())
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('index_in_block', 'integer')
    .addColumn('block_time', 'bigint')
    .addColumn('err', 'text')
    .addColumn('fee_payer', 'text')
    .addColumn('commitment', 'text', (c) => c.notNull().check(sql`commitment in ('confirmed', 'finalized')`))
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transactions_slot_idx').on('transactions').column('slot').execute();
  await db.schema
    .createIndex('transactions_confirmed_idx')
    .on('transactions')
    .column('slot')
    .where(sql.ref('commitment'), '=', 'confirmed')
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('event_index', 'integer', (c) => c.notNull())
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('pos', position, (c) => c.notNull())
    .addColumn('block_time', 'bigint')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('keys', sql`text[]`, (c) => c.notNull())
    .addColumn('commitment', 'text', (c) => c.notNull().check(sql`commitment in ('confirmed', 'finalized')`))
    .addPrimaryKeyConstraint('events_pkey', ['signature', 'event_index'])
    .execute();
  await db.schema.createIndex('events_pos_idx').on('events').column('pos').execute();
  await db.schema.createIndex('events_name_pos_idx').on('events').columns(['name', 'pos']).execute();
  await db.schema.createIndex('events_keys_idx').on('events').using('gin').column('keys').execute();

  await db.schema
    .createTable('ingest_cursors')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('signature', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ingest_cursors').execute();
  await db.schema.dropTable('events').execute();
  await db.schema.dropTable('transactions').execute();
}
