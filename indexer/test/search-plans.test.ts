// The read pool's generic plans follow the access each branch was written for: a walk reads the
// sort's index in order (never a sequential scan or another index), a text branch reads the
// text's GIN index, a creator branch the creator's index; each plan is made once per statement.
import { sql } from 'kysely';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../src/bench/random.js';
import { searchModel } from '../src/bench/search-mix.js';
import { READ_POOL_SETTINGS } from '../src/db/postgres.js';
import type { Access, Tier } from '../src/repos/search/plan.js';
import { type SortKey, searchStatement } from '../src/repos/search/statement.js';
import type { SearchText } from '../src/repos/search/text.js';
import { freshDb, skipPostgres, type TestDb } from './helpers/db.js';

const text: SearchText = {
  q: 'cat',
  tsquery: "'cat'",
  lexemes: ['cat'],
  any: false,
  negated: false,
  pattern: '%cat%',
};

describe.skipIf(skipPostgres)('generic plans of the read pool', () => {
  let t: TestDb;
  let session: postgres.Sql;
  beforeAll(async () => {
    t = await freshDb('postgres');
    const r = new Random(5);
    for (let i = 0; i < 30_000; i += 1_000) {
      await t.db
        .insertInto('models')
        .values(Array.from({ length: 1_000 }, (_, j) => searchModel(r, i + j)))
        .execute();
    }
    await sql`vacuum analyze models`.execute(t.db);
    session = postgres(t.url as string, { max: 1, onnotice: () => {}, connection: READ_POOL_SETTINGS });
  }, 60_000);
  afterAll(async () => {
    await session?.end();
    await t?.dispose();
  });

  /** The generic plan of one branch's statement, as EXPLAIN prints it. */
  async function plan(
    key: SortKey,
    tier: Tier,
    access: Access,
    withText = true,
    cursor = false,
    want = 21,
  ): Promise<string> {
    const statement = searchStatement({
      key,
      text: withText ? text : undefined,
      filters: { category: 'style', creator: 'someone', minPrice: '1000' },
      branches: [{ tier, access, after: cursor ? { value: '100', address: 'a' } : null }],
      want,
    });
    await session.unsafe('deallocate all');
    await session.unsafe(`prepare s as ${statement.text}`);
    const values = statement.params.map((v) => (v === null ? 'null' : `'${String(v).replace(/'/g, "''")}'`));
    const rows = await session.unsafe(`explain execute s(${values.join(', ')})`);
    return rows.map((r) => String(r['QUERY PLAN'])).join('\n');
  }

  it('keeps generic plans and never scans sequentially', async () => {
    const rows =
      await session`select current_setting('plan_cache_mode') as mode, current_setting('enable_seqscan') as seq`;
    expect(rows[0]).toEqual({ mode: 'force_generic_plan', seq: 'off' });
  });

  it('walks the sort index for a walk, with or without text, for every sort', async () => {
    for (const [key, index] of [
      ['uses', 'models_uses_idx'],
      ['gross_revenue', 'models_revenue_idx'],
      ['rating_key', 'models_rating_idx'],
      ['created_at', 'models_newest_idx'],
    ] as const) {
      for (const withText of [true, false]) {
        // A later page starts the walk at its cursor: an index range, never a sort of it.
        for (const cursor of [false, true]) {
          const p = await plan(key, withText ? 0 : null, 'walk', withText, cursor);
          expect(p, `${key} ${withText} ${cursor}`).toContain(`Index Scan using ${index} on models`);
          expect(p).not.toMatch(/Seq Scan|Bitmap Heap Scan on models m\b|Sort Key: m\.\w+ DESC/);
        }
      }
    }
  });

  it('reads the text index for a text branch whatever the page size, and never walks for one', async () => {
    for (const want of [2, 11, 21, 51, 101]) {
      for (const cursor of [false, true]) {
        const p = await plan('uses', 0, 'text', true, cursor, want);
        expect(p, `${want} ${cursor}`).toContain('Bitmap Index Scan on models_search_idx');
        expect(p, `${want} ${cursor}`).not.toContain('Index Scan using models_uses_idx');
      }
    }
  });

  it('reads the text index for a text branch and the creator index for a creator branch', async () => {
    expect(await plan('uses', 2, 'text')).toContain('Bitmap Index Scan on models_search_name_gin');
    expect(await plan('uses', 1, 'text')).toContain('Bitmap Index Scan on models_search_tags_gin');
    const anywhere = await plan('uses', 0, 'text');
    expect(anywhere).toContain('Bitmap Index Scan on models_search_idx');
    expect(anywhere).toContain('Bitmap Index Scan on models_name_trgm_idx');
    expect(await plan('gross_revenue', null, 'text')).toContain('Bitmap Index Scan on models_search_idx');
    expect(await plan('uses', 2, 'creator')).toMatch(
      /Index Scan on models_creator_idx|Index Scan using models_creator_idx/,
    );
    expect(await plan('uses', null, 'creator', false)).toMatch(/models_creator_idx/);
  });
});
