/**
 * `GET /models`: search, filters, five sorts, keyset pages. The meaning is the plain one (the
 * models passing the filters whose name, tags or description match the text, or whose name holds
 * it; relevance ranks name matches, then tag matches, then the rest, by uses within each; ties by
 * address), which indexer/test/search-reference.test.ts checks against a plain query. How it is
 * read: plan.ts chooses each branch's access from the statistics, statement.ts writes one
 * statement per shape, the read pool runs it with a cached generic plan.
 */
import { CompiledQuery } from 'kysely';
import type { DbOrTrx } from '../../db/index.js';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../cursor.js';
import type { ModelPage, ModelQuery, ModelSummary } from '../models.js';
import { type Access, chooseAccess, type Tier } from './plan.js';
import { type Branch, type SortKey, searchStatement } from './statement.js';
import { StatsCache } from './stats.js';
import { SearchTexts } from './text.js';

/** A relevance cursor's value: tier x 10^20 + uses (uses < 2^64 < 10^20), one number like the other sorts'. */
const TIER_BASE = 10n ** 20n;
const KEYS: Record<Exclude<ModelQuery['sort'] & string, 'relevance'>, SortKey> = {
  uses: 'uses',
  revenue: 'gross_revenue',
  rating: 'rating_key',
  newest: 'created_at',
};

const stats = new StatsCache();
const texts = new SearchTexts();

/** Forgets the statistics read from `db` (after an ANALYZE the caller wants used at once). */
export function forgetSearchStats(db: DbOrTrx): void {
  stats.forget(db);
}

interface Row {
  /** The model's summary, as JSON text. */
  item: string;
  tier: number;
  k: string;
  address: string;
}

/** A page whose items are JSON texts (`ModelSummary`), as the route sends them. */
export interface JsonPage {
  items: string[];
  nextCursor: string | null;
}

/** The page as the API's JSON body. */
export function pageBody(page: JsonPage): string {
  return `{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
}

/** A page of models (objects). */
export async function searchModels(db: DbOrTrx, query: ModelQuery, force?: Access): Promise<ModelPage> {
  const page = await searchModelsJson(db, query, force);
  return { items: page.items.map((item) => JSON.parse(item) as ModelSummary), nextCursor: page.nextCursor };
}

/**
 * A page of models, each as JSON text. `force` (tests) reads every branch that way where it can (a
 * walk always can; the text only with text; the creator / owner index only with that filter).
 */
export async function searchModelsJson(db: DbOrTrx, query: ModelQuery, force?: Access): Promise<JsonPage> {
  const q = query.q?.trim() || undefined;
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !cursor) throw new InvalidCursorError('invalid cursor');
  const sort = query.sort ?? (q ? 'relevance' : 'uses');
  const relevance = sort === 'relevance' && q !== undefined;
  const key = sort === 'relevance' ? 'uses' : KEYS[sort];
  if (cursor && (relevance || key === 'created_at') && !/^[0-9]+$/.test(cursor.v)) {
    throw new InvalidCursorError('invalid cursor');
  }
  if (query.minPrice && query.maxPrice && BigInt(query.minPrice) > BigInt(query.maxPrice)) {
    return { items: [], nextCursor: null };
  }
  const [text, snapshot] = await Promise.all([q ? texts.get(db, q) : undefined, stats.get(db)]);
  const want = query.limit + 1;
  const possible: Record<Access, boolean> = {
    walk: true,
    text: text !== undefined,
    creator: query.creator !== undefined,
    owner: query.owner !== undefined,
  };
  const branch = (tier: Tier, after: Branch['after']): Branch => ({
    tier,
    access: force && possible[force] ? force : chooseAccess(snapshot, query, text, tier, want),
    after,
  });
  let branches: Branch[];
  if (relevance && text) {
    const from = cursor ? BigInt(cursor.v) : null;
    const start = from === null ? 2 : Number(from / TIER_BASE);
    // Without a lexeme nothing matches in the name or the tags, only (as a substring) elsewhere.
    const tiers = ([2, 1, 0] as const).filter((t) => t <= start && (t === 0 || text.tsquery !== ''));
    branches = tiers.map((t) =>
      branch(
        t,
        from !== null && cursor && t === start ? { value: (from % TIER_BASE).toString(), address: cursor.a } : null,
      ),
    );
  } else {
    branches = [branch(null, cursor ? { value: cursor.v, address: cursor.a } : null)];
  }
  const statement = searchStatement({ key, text, filters: query, branches, want });
  const { rows } = await db.executeQuery<Row>(CompiledQuery.raw(statement.text, statement.params));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const sortValue = (r: Row) => (relevance ? (BigInt(r.tier) * TIER_BASE + BigInt(r.k)).toString() : r.k);
  return {
    items: page.map((r) => r.item),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ v: sortValue(last), a: last.address }) : null,
  };
}
