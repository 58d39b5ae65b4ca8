// Model search: relevance tiers (name, then tags, then elsewhere; uses within a tier), keyset
// pages that cross tiers, and the other sorts' cursors, on both databases; the search cache.
import { PROGRAM_ADDRESS } from '@modelmint/sdk';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';
import { SearchCache } from '../src/api/search-cache.js';
import { createLogDecoder } from '../src/ingest/log-decoder.js';
import { LiveBus } from '../src/live.js';
import { Metrics } from '../src/metrics.js';
import { type ModelQuery, searchModels } from '../src/repos/models.js';
import { IngestService } from '../src/service.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';

interface Seed {
  address: string;
  name: string;
  tags: string[];
  description: string;
  uses: number;
  category?: 'caption' | 'style' | 'generate';
}

const SEEDS: Seed[] = [
  { address: 'm-name-low', name: 'Neon Cat', tags: ['pixel'], description: 'small', uses: 5 },
  { address: 'm-name-high', name: 'Cat Painter', tags: ['art'], description: 'paints', uses: 90 },
  { address: 'm-tags', name: 'Painter', tags: ['cat', 'retro'], description: 'plain', uses: 500 },
  { address: 'm-desc-high', name: 'Sketcher', tags: ['ink'], description: 'draws a cat quickly', uses: 700 },
  { address: 'm-desc-low', name: 'Doodler', tags: ['ink'], description: 'one cat', uses: 1 },
  { address: 'm-substring', name: 'Catalogue Bot', tags: [], description: 'lists', uses: 3, category: 'caption' },
  { address: 'm-none', name: 'Ocean', tags: ['sea'], description: 'waves', uses: 10_000 },
];

async function pages(t: TestDb, query: Omit<ModelQuery, 'limit' | 'cursor'>, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 20; guard++) {
    const page = await searchModels(t.db, { ...query, limit, cursor });
    seen.push(...page.items.map((m) => m.address));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

describe.each(backends)('model search on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(kind);
    await t.db
      .insertInto('models')
      .values(
        SEEDS.map((s, i) => ({
          address: s.address,
          name: s.name,
          tags: s.tags,
          description: s.description,
          uses: String(s.uses),
          category: s.category ?? 'generate',
          created_at: String(1_700_000_000 + i),
          slot: '1',
          signature: 'seed',
          commitment: 'finalized' as const,
          pos: '0',
        })),
      )
      .execute();
  });
  afterAll(() => t?.dispose());

  const RELEVANCE = ['m-name-high', 'm-name-low', 'm-tags', 'm-desc-high', 'm-substring', 'm-desc-low'];

  it('ranks name matches, then tag matches, then the rest, each by uses', async () => {
    const page = await searchModels(t.db, { q: 'cat', limit: 20 });
    expect(page.items.map((m) => m.address)).toEqual(RELEVANCE);
    expect(page.nextCursor).toBeNull();
  });

  it('pages through the tiers one row at a time without gaps or repeats', async () => {
    expect(await pages(t, { q: 'cat', sort: 'relevance' }, 1)).toEqual(RELEVANCE);
    expect(await pages(t, { q: 'cat', sort: 'relevance' }, 4)).toEqual(RELEVANCE);
  });

  it('applies filters inside every tier', async () => {
    expect(await pages(t, { q: 'cat', category: 'caption' }, 1)).toEqual(['m-substring']);
  });

  it('sorts matches by uses when asked, and everything by uses without a query', async () => {
    expect(await pages(t, { q: 'cat', sort: 'uses' }, 2)).toEqual([
      'm-desc-high',
      'm-tags',
      'm-name-high',
      'm-name-low',
      'm-substring',
      'm-desc-low',
    ]);
    expect((await pages(t, {}, 3))[0]).toBe('m-none');
  });

  it('plans every search for its own words (no generic plans on PostgreSQL)', async () => {
    const { rows } = await sql<{ mode: string }>`select current_setting('plan_cache_mode') as mode`.execute(t.db);
    expect(rows[0]?.mode).toBe(kind === 'postgres' ? 'force_custom_plan' : 'auto');
  });

  it('rejects a relevance cursor that is not an integer', async () => {
    const cursor = Buffer.from(JSON.stringify({ v: '1.5', a: 'm' })).toString('base64url');
    await expect(searchModels(t.db, { q: 'cat', limit: 1, cursor })).rejects.toThrow('invalid cursor');
  });
});

describe('search cache', () => {
  it('expires entries, evicts the oldest beyond its size, and clears', () => {
    let now = 0;
    const cache = new SearchCache<string>(100, 2, () => now);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'B', 'C']);
    now = 100;
    expect(cache.get('b')).toBeUndefined();
    cache.set('d', 'D');
    cache.clear();
    expect(cache.size).toBe(0);
    // A page read before a clear (an event committed meanwhile) is not stored after it.
    const read = cache.generation;
    cache.clear();
    cache.set('e', 'E', read);
    expect(cache.get('e')).toBeUndefined();
    const off = new SearchCache<string>(0);
    off.set('a', 'A');
    expect(off.get('a')).toBeUndefined();
  });

  it('shares one computation among concurrent misses of a query, but not across a clear', async () => {
    const cache = new SearchCache<string>(60_000, 2);
    const calls: string[] = [];
    const gates: (() => void)[] = [];
    const compute = (value: string) => () =>
      new Promise<string>((resolve) => {
        calls.push(value);
        gates.push(() => resolve(value));
      });
    const first = Array.from({ length: 10 }, () => cache.getOrCompute('q', compute('v1')));
    expect(calls).toEqual(['v1']);
    // An event commits while the page is being read: later requests read again, and the page
    // read before the clear is not kept.
    cache.clear();
    const second = cache.getOrCompute('q', compute('v2'));
    expect(calls).toEqual(['v1', 'v2']);
    for (const open of gates) open();
    expect(await Promise.all(first)).toEqual(Array(10).fill('v1'));
    expect(await second).toBe('v2');
    expect(await cache.getOrCompute('q', compute('v3'))).toBe('v2');
    expect(cache.counts).toEqual({ hits: 1, coalesced: 9, misses: 2 });
  });

  it('does not keep or share a failed computation, and shares at most maxEntries at once', async () => {
    const cache = new SearchCache<string>(60_000, 2);
    let runs = 0;
    const failing = () => {
      runs++;
      return Promise.reject(new Error('database down'));
    };
    const both = [cache.getOrCompute('q', failing), cache.getOrCompute('q', failing)];
    for (const p of both) await expect(p).rejects.toThrow('database down');
    expect(runs).toBe(1);
    await expect(cache.getOrCompute('q', failing)).rejects.toThrow('database down');
    expect(runs).toBe(2);
    // Two computations are shared; a third query's concurrent misses each compute.
    let started = 0;
    const slow = () => {
      started++;
      return new Promise<string>((resolve) => setTimeout(() => resolve('x'), 10));
    };
    await Promise.all(['a', 'b', 'c', 'c', 'a'].map((k) => cache.getOrCompute(k, slow)));
    expect(started).toBe(4);
    expect(cache.size).toBeLessThanOrEqual(2);
  });

  it('serves repeated searches from memory until an event is committed', async () => {
    const t = await freshDb('pglite');
    try {
      const bus = new LiveBus();
      const metrics = new Metrics();
      const app = createApp({
        db: t.db,
        dbKind: t.kind,
        decoder: createLogDecoder(PROGRAM_ADDRESS),
        ingest: new IngestService(t.db, metrics, bus),
        metrics,
        bus,
        webhookSecret: undefined,
        searchCache: new SearchCache(60_000),
      });
      const names = async () =>
        ((await (await app.request('/models?q=cat')).json()) as { items: { name: string }[] }).items.map((m) => m.name);
      const insert = (address: string, name: string) =>
        t.db
          .insertInto('models')
          .values({ address, name, created_at: '1', slot: '1', signature: 's', commitment: 'finalized', pos: '0' })
          .execute();
      await insert('m1', 'Cat One');
      expect(await names()).toEqual(['Cat One']);
      await insert('m2', 'Cat Two'); // written behind the cache's back: not seen yet
      expect(await names()).toEqual(['Cat One']);
      bus.publish({ signature: 's', eventIndex: 0, slot: '1', name: 'JobSettled', keys: [], event: {} as never });
      expect((await names()).sort()).toEqual(['Cat One', 'Cat Two']);
    } finally {
      await t.dispose();
    }
  });
});
