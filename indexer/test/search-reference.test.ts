// The tuned search (repos/models.ts) against its definition, written plainly: every model that
// passes the filters and matches the text (full-text over name, tags and description, or a
// substring of the name), ordered by the sort (relevance: name match, then tags, then the rest;
// uses within) with ties by address. Hundreds of queries of the benchmark's mix, every page of
// each, on models built like the benchmark's, on both databases.
import { type Expression, type SqlBool, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelsQuerySchema } from '../src/api/schemas.js';
import { Random } from '../src/bench/random.js';
import { QueryMix, searchModel } from '../src/bench/search-mix.js';
import type { Db } from '../src/db/index.js';
import { type ModelQuery, SUMMARY_COLUMNS, searchModels } from '../src/repos/models.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';

const MODELS = 3_000;

/** Addresses in the order the definition gives. */
async function reference(db: Db, query: ModelQuery): Promise<string[]> {
  const q = query.q?.trim() || undefined;
  const tsquery = sql`websearch_to_tsquery('english', ${q ?? ''})`;
  const where: Expression<SqlBool>[] = [sql<SqlBool>`created_at is not null`];
  if (q) {
    where.push(sql<SqlBool>`(search @@ ${tsquery} or name ilike ${`%${q.replace(/[\\%_]/g, '\\$&')}%`})`);
  }
  const eq = (column: string, value: string | undefined) => {
    if (value !== undefined) where.push(sql<SqlBool>`${sql.ref(column)} = ${value}`);
  };
  eq('category', query.category);
  eq('visibility', query.visibility);
  eq('payment_mint', query.paymentMint);
  eq('creator', query.creator);
  eq('owner', query.owner);
  if (query.minPrice) where.push(sql<SqlBool>`price_per_use >= ${query.minPrice}::numeric`);
  if (query.maxPrice) where.push(sql<SqlBool>`price_per_use <= ${query.maxPrice}::numeric`);
  const sort = query.sort ?? (q ? 'relevance' : 'uses');
  const key = {
    relevance: q
      ? sql`case when ts_filter(search, '{a}') @@ ${tsquery} then 2 when ts_filter(search, '{b}') @@ ${tsquery} then 1 else 0 end desc, uses`
      : sql`uses`,
    uses: sql`uses`,
    revenue: sql`gross_revenue`,
    rating: sql`rating_key`,
    newest: sql`created_at`,
  }[sort];
  const { rows } = await sql<{ address: string }>`select address from models where ${sql.join(where, sql` and `)}
    order by ${key} desc, address`.execute(db);
  return rows.map((r) => r.address);
}

/** The first `pages` pages of `query`, concatenated, and whether a next page was offered after them. */
async function firstPages(db: Db, query: ModelQuery, pages: number): Promise<{ seen: string[]; more: boolean }> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < pages; page++) {
    const { items, nextCursor } = await searchModels(db, { ...query, cursor });
    seen.push(...items.map((m) => m.address));
    if (!nextCursor) return { seen, more: false };
    cursor = nextCursor;
  }
  return { seen, more: true };
}

describe.each(backends)('search against its definition on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(kind);
    const r = new Random(11);
    for (let i = 0; i < MODELS; i += 500) {
      const rows = Array.from({ length: Math.min(500, MODELS - i) }, (_, j) => searchModel(r, i + j));
      await t.db.insertInto('models').values(rows).execute();
    }
    await sql`analyze models`.execute(t.db);
  }, 120_000);
  afterAll(() => t?.dispose());

  it('gives the first page of hundreds of the benchmark queries as defined', async () => {
    const mix = new QueryMix(1, 20_000, 17);
    const queries = [...new Set(Array.from({ length: 250 }, () => mix.next()))];
    for (const text of queries) {
      const query = ModelsQuerySchema.parse(Object.fromEntries(new URLSearchParams(text))) as ModelQuery;
      const expected = (await reference(t.db, query)).slice(0, query.limit);
      // Through the read pool (generic plans) and the main pool (plans fitted to each value).
      for (const db of [t.read, t.db]) {
        const page = await searchModels(db, query);
        expect(
          page.items.map((m) => m.address),
          text,
        ).toEqual(expected);
      }
    }
  }, 120_000);

  it('gives the same pages whichever way each branch reads (walk, text index, creator / owner index)', async () => {
    const mix = new QueryMix(1, 20_000, 29);
    const queries = [...new Set(Array.from({ length: 100 }, () => mix.next()))];
    for (const force of ['walk', 'text', 'creator', 'owner'] as const) {
      for (const text of queries) {
        const query = ModelsQuerySchema.parse(Object.fromEntries(new URLSearchParams(text))) as ModelQuery;
        const page = await searchModels(t.read, query, force);
        expect(
          page.items.map((m) => m.address),
          `${force}: ${text}`,
        ).toEqual((await reference(t.db, query)).slice(0, query.limit));
      }
    }
  }, 120_000);

  it('writes each item as the model row reads: every summary column, its type, in order', async () => {
    const mix = new QueryMix(1, 20_000, 31);
    for (let i = 0; i < 20; i++) {
      const query = ModelsQuerySchema.parse(Object.fromEntries(new URLSearchParams(mix.next()))) as ModelQuery;
      const { items } = await searchModels(t.read, query);
      if (items.length === 0) continue;
      const rows = await t.db
        .selectFrom('models')
        .select(SUMMARY_COLUMNS)
        .where(
          'address',
          'in',
          items.map((m) => m.address),
        )
        .execute();
      const byAddress = new Map(rows.map((r) => [r.address, r]));
      for (const item of items) {
        expect(Object.keys(item)).toEqual([...SUMMARY_COLUMNS]);
        expect(item).toEqual(byAddress.get(item.address));
      }
    }
  });

  it('writes text that needs escaping exactly (quotes, backslashes, control characters, non-ASCII)', async () => {
    const odd = {
      address: 'odd-model',
      name: 'Zebracorn "quoted" \\ back\nline\ttab \u0001 é 🦄',
      description: 'Zebracorn <b>bold</b> \r\n "x"',
      tags: ['zebracorn', 'a"b', 'c\\d'],
      image: null,
      created_at: '1700000000',
      slot: '1',
      signature: 's',
      commitment: 'finalized' as const,
      pos: '0',
    };
    await t.db.insertInto('models').values(odd).execute();
    try {
      const { items } = await searchModels(t.read, { q: 'zebracorn', limit: 5 });
      const row = await t.db.selectFrom('models').select(SUMMARY_COLUMNS).where('address', '=', odd.address).execute();
      expect(items).toEqual(row);
    } finally {
      await t.db.deleteFrom('models').where('address', '=', odd.address).execute();
    }
  });

  it('walks up to 30 pages of a sample of them, in order, each model once, and ends where they end', async () => {
    const mix = new QueryMix(1, 20_000, 23);
    for (let i = 0; i < 25; i++) {
      const text = mix.next();
      const query = { ...(ModelsQuerySchema.parse(Object.fromEntries(new URLSearchParams(text))) as ModelQuery) };
      query.limit = 7 + (i % 5) * 11;
      const expected = await reference(t.db, query);
      const { seen, more } = await firstPages(t.read, query, 30);
      expect(seen, text).toEqual(expected.slice(0, seen.length));
      expect(more ? seen.length : expected.length, text).toBe(seen.length);
    }
  }, 120_000);
});
