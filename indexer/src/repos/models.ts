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

/**
 * What a search result carries: what a listing shows and sorts by. Everything else (vault, card
 * hash, escrow, chain position...) is in `GET /models/:address`; a page of full rows was twice
 * the bytes, and bytes were most of a search request's cost.
 */
export const SUMMARY_COLUMNS = [
  'address',
  'name',
  'description',
  'tags',
  'image',
  'category',
  'visibility',
  'status',
  'creator',
  'owner',
  'payment_mint',
  'decimals',
  'price_per_use',
  'subscription_price',
  'pass_size',
  'pass_price',
  'uses',
  'gross_revenue',
  'rating_sum',
  'rating_count',
  'created_at',
] as const satisfies readonly (keyof ModelRow)[];

export type ModelSummary = Pick<ModelRow, (typeof SUMMARY_COLUMNS)[number]>;

export interface ModelPage {
  items: ModelSummary[];
  nextCursor: string | null;
}

export class InvalidCursorError extends Error {}

const DETAIL_COLUMNS = [
  'asset_mint',
  'current_version',
  'version_count',
  'card_hash',
  'card_cid',
  'vault',
  'token_kind',
  'escrowed',
  'withdrawn',
  'symbol',
  'uri',
  'slot',
  'signature',
  'commitment',
  'pos',
] as const satisfies readonly (keyof ModelRow)[];

/** Every column of a model row, for the detail route. */
const COLUMNS = [...SUMMARY_COLUMNS, ...DETAIL_COLUMNS] as const;

/** The sort key of each order, as an SQL expression, and the type its cursor value is cast to. */
function sortKey(sort: Exclude<ModelSort, 'relevance'>) {
  switch (sort) {
    case 'uses':
      return { key: sql`models.uses`, type: sql`numeric` };
    case 'revenue':
      return { key: sql`models.gross_revenue`, type: sql`numeric` };
    case 'newest':
      return { key: sql`models.created_at`, type: sql`bigint` }; // rows without created_at are filtered out
    case 'rating':
      return { key: sql`models.rating_key`, type: sql`numeric` };
  }
}

/**
 * Relevance ranks by where the query matched, then by uses: tier 2 the name (weight A of
 * `search`), tier 1 the tags (B), tier 0 elsewhere (description, or a substring of the name).
 * Its sort value is the one number tier x 10^20 + uses (uses < 2^64 < 10^20). Each tier is a
 * branch of one statement walking the uses index, so a page costs a few index steps instead of
 * ranking every match (ts_rank over a common word's thousands of matches took ~80 ms).
 */
const TIER_BASE = 10n ** 20n;
const TIERS = [2, 1, 0] as const;

function tierCondition(tier: (typeof TIERS)[number], tsquery: Expression<unknown>): Expression<SqlBool> {
  const inName = sql`ts_filter(models.search, '{a}') @@ ${tsquery}`;
  const inTags = sql`ts_filter(models.search, '{b}') @@ ${tsquery}`;
  if (tier === 2) return sql<SqlBool>`${inName}`;
  if (tier === 1) return sql<SqlBool>`(not ${inName} and ${inTags})`;
  return sql<SqlBool>`(not ${inName} and not ${inTags})`;
}

/** The models matching the query's filters and text, without order or cursor. */
function filtered(db: DbOrTrx, query: ModelQuery, q: string | undefined, tsquery: Expression<unknown> | null) {
  let select = db.selectFrom('models').select(SUMMARY_COLUMNS).where('models.created_at', 'is not', null);
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
  return select;
}

/** Rows after the cursor on `key` (descending), ties by address. */
function after(key: Expression<unknown>, type: Expression<unknown>, v: string, a: string): Expression<SqlBool> {
  return sql<SqlBool>`((${key}) < ${v}::${type} or ((${key}) = ${v}::${type} and models.address > ${a}))`;
}

/** Search, filter, sort (descending, ties by address) and keyset pagination over models. */
export async function searchModels(db: DbOrTrx, query: ModelQuery): Promise<ModelPage> {
  const q = query.q?.trim() || undefined;
  const tsquery = q ? sql`websearch_to_tsquery('english', ${q})` : null;
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !cursor) throw new InvalidCursorError('invalid cursor');
  const sort = query.sort ?? (q ? 'relevance' : 'uses');
  const want = query.limit + 1;

  let rows: Array<ModelSummary & { sort_value: string }> = [];
  if (sort === 'relevance' && tsquery) {
    if (cursor && (cursor.v.includes('.') || /e/i.test(cursor.v))) throw new InvalidCursorError('invalid cursor');
    const from = cursor ? BigInt(cursor.v) : null;
    const startTier = from === null ? 2 : Number(from / TIER_BASE);
    // One statement, a branch per tier (one round trip); each branch is a short walk of an index.
    const branches = TIERS.filter((tier) => tier <= startTier).map((tier) => {
      let select = filtered(db, query, q, tsquery).where(tierCondition(tier, tsquery));
      if (from !== null && cursor && tier === startTier) {
        select = select.where(after(sql`models.uses`, sql`numeric`, (from % TIER_BASE).toString(), cursor.a));
      }
      return select
        .select(sql<string>`(${(BigInt(tier) * TIER_BASE).toString()}::numeric + models.uses)::text`.as('sort_value'))
        .orderBy('models.uses', 'desc')
        .orderBy('models.address')
        .limit(want);
    });
    const union = sql.join(
      branches.map((b) => sql`(${b})`),
      sql` union all `,
    );
    const result = await sql<ModelSummary & { sort_value: string }>`select * from (${union}) as ranked
      order by sort_value::numeric desc, address limit ${want}`.execute(db);
    rows = result.rows;
  } else {
    const { key, type } = sortKey(sort === 'relevance' ? 'uses' : sort);
    let select = filtered(db, query, q, tsquery).select(sql<string>`(${key})::text`.as('sort_value'));
    if (cursor) select = select.where(after(key, type, cursor.v, cursor.a));
    rows = await select.orderBy(sql`${key}`, 'desc').orderBy('models.address').limit(want).execute();
  }
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
