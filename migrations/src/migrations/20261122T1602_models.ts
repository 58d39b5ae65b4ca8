import { type Kysely, sql } from 'kysely';
import { chainColumns, oneOf, position, u64 } from './columns.js';

/**
 * Models, their cards and versions. Search: a stored tsvector (name A, tags B, description C)
 * with a GIN index for full-text queries, and a pg_trgm GIN index on the name for substring
 * and fuzzy matches (PGlite ships pg_trgm; the database factory loads it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  // array_to_string is only STABLE; a generated column needs an IMMUTABLE expression.
  await sql`create function modelmint_tags_text(text[]) returns text language sql immutable parallel safe
    as $$ select coalesce(array_to_string($1, ' '), '') $$`.execute(db);

  await chainColumns(
    db.schema
      .createTable('models')
      .addColumn('address', 'text', (c) => c.primaryKey())
      .addColumn('asset_mint', 'text')
      .addColumn('creator', 'text')
      .addColumn('owner', 'text')
      .addColumn('category', 'text', (c) => c.check(oneOf('category', ['caption', 'style', 'generate'])))
      .addColumn('visibility', 'text', (c) => c.check(oneOf('visibility', ['public', 'allowlist'])))
      .addColumn('status', 'text', (c) => c.check(oneOf('status', ['draft', 'training', 'ready', 'paused'])))
      .addColumn('current_version', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('card_hash', 'text')
      .addColumn('card_cid', 'text')
      .addColumn('payment_mint', 'text')
      .addColumn('price_per_use', u64)
      .addColumn('subscription_price', u64)
      .addColumn('pass_size', u64)
      .addColumn('pass_price', u64)
      .addColumn('uses', u64, (c) => c.notNull().defaultTo(0))
      .addColumn('gross_revenue', u64, (c) => c.notNull().defaultTo(0))
      .addColumn('withdrawn', u64, (c) => c.notNull().defaultTo(0))
      .addColumn('rating_sum', u64, (c) => c.notNull().defaultTo(0))
      .addColumn('rating_count', u64, (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint')
      .addColumn('settings_pos', position, (c) => c.notNull().defaultTo(0))
      .addColumn('name', 'text')
      .addColumn('symbol', 'text')
      .addColumn('uri', 'text')
      .addColumn('description', 'text')
      .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
      .addColumn('image', 'text')
      .addColumn('search', sql`tsvector`, (c) =>
        c
          .generatedAlwaysAs(sql`
          setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
          setweight(to_tsvector('english', modelmint_tags_text(tags)), 'B') ||
          setweight(to_tsvector('english', coalesce(description, '')), 'C')`)
          .stored(),
      ),
  ).execute();
  await db.schema.createIndex('models_search_idx').on('models').using('gin').column('search').execute();
  await sql`create index models_name_trgm_idx on models using gin (name gin_trgm_ops)`.execute(db);
  for (const column of ['creator', 'owner', 'category', 'payment_mint', 'card_hash']) {
    await db.schema.createIndex(`models_${column}_idx`).on('models').column(column).execute();
  }
  await db.schema.createIndex('models_uses_idx').on('models').columns(['uses desc', 'address']).execute();
  await db.schema.createIndex('models_revenue_idx').on('models').columns(['gross_revenue desc', 'address']).execute();
  await db.schema.createIndex('models_newest_idx').on('models').columns(['created_at desc', 'address']).execute();

  await db.schema
    .createTable('model_cards')
    .addColumn('card_hash', 'text', (c) => c.primaryKey())
    .addColumn('cid', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', ['ok', 'error'])))
    .addColumn('error', 'text')
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('image', 'text')
    .addColumn('card', 'jsonb')
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await chainColumns(
    db.schema
      .createTable('model_versions')
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('weights_hash', 'text')
      .addColumn('weights_cid', 'text')
      .addColumn('dataset_hash', 'text')
      .addColumn('training_job', 'text')
      .addColumn('created_at', 'bigint')
      .addColumn('yanked', 'boolean', (c) => c.notNull().defaultTo(false))
      .addPrimaryKeyConstraint('model_versions_pkey', ['model', 'version']),
  ).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('model_versions').execute();
  await db.schema.dropTable('model_cards').execute();
  await db.schema.dropTable('models').execute();
  await sql`drop function modelmint_tags_text(text[])`.execute(db);
  // pg_trgm stays: other databases objects may use it and dropping needs ownership.
}
