import { type Kysely, sql } from 'kysely';

/**
 * Relevance search ranks matches in the name, then the tags, then elsewhere (see
 * indexer/src/repos/models.ts). Indexes over those parts of `search` give the planner their
 * statistics (so a tier's page walks the uses index for common words and these indexes for rare
 * ones) instead of the default guess that sent every relevance query to a full scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index models_search_name_idx on models using gin (ts_filter(search, '{a}'))`.execute(db);
  await sql`create index models_search_tags_idx on models using gin (ts_filter(search, '{b}'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('models_search_tags_idx').execute();
  await db.schema.dropIndex('models_search_name_idx').execute();
}
