import { type Kysely, sql } from 'kysely';

/**
 * The name and the tags get tsvector columns of their own (stored, generated like `search`), each
 * with a GIN index, in place of indexes over `ts_filter(search, ...)`: a relevance tier is then a
 * plain `@@` on a small vector (ts_filter built a new vector for every row it tested), and each
 * column has its own statistics (most common lexemes), which the search reads to choose between
 * walking a sort index and reading the matches (indexer/src/repos/search/).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table models
    add column search_name tsvector generated always as (to_tsvector('english', coalesce(name, ''))) stored,
    add column search_tags tsvector generated always as (to_tsvector('english', modelmint_tags_text(tags))) stored`.execute(
    db,
  );
  await sql`create index models_search_name_gin on models using gin (search_name)`.execute(db);
  await sql`create index models_search_tags_gin on models using gin (search_tags)`.execute(db);
  await db.schema.dropIndex('models_search_name_idx').execute();
  await db.schema.dropIndex('models_search_tags_idx').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index models_search_name_idx on models using gin (ts_filter(search, '{a}'))`.execute(db);
  await sql`create index models_search_tags_idx on models using gin (ts_filter(search, '{b}'))`.execute(db);
  await sql`alter table models drop column search_tags, drop column search_name`.execute(db);
}
