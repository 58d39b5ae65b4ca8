import type { Model, ModelCategory, ModelVersion, ModelVisibility } from '@modelmint/migrations';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { DbOrTrx } from '../db/index.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export type ModelSort = 'relevance' | 'uses' | 'rating' | 'revenue' | 'newest';

export interface ModelQuery {
  q?: string | undefined;
  category?: ModelCategory | undefined;
  visibility?: ModelVisibility | undefined;
  paymentMint?: string | undefined;
  creator?: string | undefined;
  owner?: string | undefined;
  minPrice?: string | undefined;
  maxPrice?: string | undefined;
  sort?: ModelSort | undefined;
  limit: number;
  cursor?: string | undefined;
}

export type ModelRow = Omit<Model, 'search' | 'settings_pos' | 'rating_key'>;

export interface ModelPage {
  items: ModelRow[];
  nextCursor: string | null;
}

export class InvalidCursorError extends Error {}

const COLUMNS = [
  'address',
  'asset_mint',
  'creator',
  'owner',
  'category',
  'visibility',
  'status',
  'current_version',
  'version_count',
  'card_hash',
  'card_cid',
  'payment_mint',
  'vault',
  'token_kind',
  'decimals',
  'escrowed',
  'price_per_use',
  'subscription_price',
  'pass_size',
  'pass_price',
  'uses',
  'gross_revenue',
  'withdrawn',
  'rating_sum',
  'rating_count',
  'created_at',
  'name',
  'symbol',
  'uri',
  'description',
  'tags',
  'image',
  'slot',
  'signature',
  'commitment',
  'pos',
] as const;

/** The sort key of each order, as an SQL expression, and the type its cursor value is cast to. */
function sortKey(sort: ModelSort, tsquery: Expression<unknown> | null) {
  switch (sort) {
    case 'uses':
      return { key: sql`models.uses`, type: sql`numeric` };
    case 'revenue':
      return { key: sql`models.gross_revenue`, type: sql`numeric` };
    case 'newest':
      return { key: sql`models.created_at`, type: sql`bigint` }; // rows without created_at are filtered out
    case 'rating':
      return {
        key: sql`models.rating_key`,
        type: sql`numeric`,
      };
    case 'relevance':
      return tsquery
        ? { key: sql`round((ts_rank(models.search, ${tsquery}) * 1000000)::numeric)`, type: sql`numeric` }
        : { key: sql`models.uses`, type: sql`numeric` };
  }
}

/** Search, filter, sort (descending, ties by address) and keyset pagination over models. */
export async function searchModels(db: DbOrTrx, query: ModelQuery): Promise<ModelPage> {
  const q = query.q?.trim() || undefined;
  const tsquery = q ? sql`websearch_to_tsquery('english', ${q})` : null;
  const { key, type } = sortKey(query.sort ?? (q ? 'relevance' : 'uses'), tsquery);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !cursor) throw new InvalidCursorError('invalid cursor');

  let select = db
    .selectFrom('models')
    .select(COLUMNS)
    .select(sql<string>`(${key})::text`.as('sort_value'))
    .where('models.created_at', 'is not', null);
  if (q && tsquery) {
    select = select.where(
      sql<SqlBool>`(models.search @@ ${tsquery} or models.name ilike ${`%${q.replace(/[\\%_]/g, '\\$&')}%`})`,
    );
  }
  if (query.category) select = select.where('category', '=', query.category);
  if (query.visibility) select = select.where('visibility', '=', query.visibility);
  if (query.paymentMint) select = select.where('payment_mint', '=', query.paymentMint);
  if (query.creator) select = select.where('creator', '=', query.creator);
  if (query.owner) select = select.where('owner', '=', query.owner);
  if (query.minPrice) select = select.where('price_per_use', '>=', query.minPrice);
  if (query.maxPrice) select = select.where('price_per_use', '<=', query.maxPrice);
  if (cursor) {
    select = select.where(
      sql<SqlBool>`((${key}) < ${cursor.v}::${type} or ((${key}) = ${cursor.v}::${type} and models.address > ${cursor.a}))`,
    );
  }
  const rows = await select
    .orderBy(sql`${key}`, 'desc')
    .orderBy('models.address')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ v: last.sort_value, a: last.address }) : null;
  return { items: page.map(({ sort_value: _, ...row }) => row), nextCursor };
}

export interface ModelDetail {
  model: ModelRow;
  versions: ModelVersion[];
}

export async function getModel(db: DbOrTrx, address: string): Promise<ModelDetail | null> {
  const model = await db.selectFrom('models').select(COLUMNS).where('address', '=', address).executeTakeFirst();
  if (!model) return null;
  const versions = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('model', '=', address)
    .orderBy('version', 'desc')
    .execute();
  return { model, versions };
}
