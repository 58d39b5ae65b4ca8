/**
 * What PostgreSQL's statistics of `models` (pg_stats, kept by ANALYZE / autovacuum) say about a
 * search's conditions: how many models hold a lexeme in their name, tags or anywhere, and how
 * selective each filter is. The search uses these estimates to choose, per branch, between walking
 * a sort index and reading every match (plan.ts), instead of planning each statement anew.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/index.js';

/** Frequencies of listed values (fraction of rows), and the frequency assumed for any other. */
export interface Frequencies {
  listed: ReadonlyMap<string, number>;
  other: number;
}

export type TextColumn = 'search' | 'search_name' | 'search_tags';
export type FilterColumn = 'category' | 'visibility' | 'payment_mint' | 'creator' | 'owner';

export interface ModelStats {
  /** Rows of `models` at the last ANALYZE. */
  rows: number;
  lexemes: Readonly<Record<TextColumn, Frequencies>>;
  values: Readonly<Record<FilterColumn, Frequencies>>;
  /** Equal-frequency bounds of `price_per_use` (ascending), empty when unknown. */
  prices: readonly number[];
}

/** PostgreSQL's default for a text match it knows nothing about (DEFAULT_TS_MATCH_SEL). */
const UNKNOWN_MATCH = 0.005;
const UNKNOWN: Frequencies = { listed: new Map(), other: UNKNOWN_MATCH };

/** A row of pg_stats; arrays as JSON text (the read pool parses no array types). */
interface StatsRow {
  attname: string;
  null_frac: number | string;
  n_distinct: number | string;
  mcv: string | null;
  mcf: string | null;
  mce: string | null;
  mcef: string | null;
  hist: string | null;
}

const list = <T>(json: string | null): T[] | null => (json === null ? null : (JSON.parse(json) as T[]));

/** Reads the statistics; columns never analyzed get PostgreSQL's own defaults. */
export async function readModelStats(db: DbOrTrx): Promise<ModelStats> {
  const { rows } = await sql<StatsRow>`
    select attname, null_frac::text, n_distinct::text,
      to_json(most_common_vals::text::text[])::text as mcv, to_json(most_common_freqs)::text as mcf,
      to_json(most_common_elems::text::text[])::text as mce, to_json(most_common_elem_freqs)::text as mcef,
      to_json(histogram_bounds::text::text[])::text as hist
    from pg_stats where schemaname = current_schema() and tablename = 'models'
      and attname in ('search', 'search_name', 'search_tags', 'category', 'visibility', 'payment_mint', 'creator',
        'owner', 'price_per_use')`.execute(db);
  const { rows: size } = await sql<{ n: number | string }>`
    select greatest(reltuples, 0)::text as n from pg_class where oid = 'models'::regclass`.execute(db);
  const count = Number(size[0]?.n ?? 0);
  const by = new Map(
    rows.map((r) => [
      r.attname,
      {
        ...r,
        mcv: list<string>(r.mcv),
        mcf: list<number>(r.mcf),
        mce: list<string>(r.mce),
        mcef: list<number>(r.mcef),
        hist: list<string>(r.hist),
      },
    ]),
  );
  const elems = (column: TextColumn): Frequencies => {
    const r = by.get(column);
    if (!r?.mce || !r.mcef) return UNKNOWN;
    const freqs = r.mcef.map(Number);
    // The last three numbers are the minimum and maximum listed frequency and the null fraction.
    const min = freqs[r.mce.length] ?? UNKNOWN_MATCH;
    return { listed: new Map(r.mce.map((l, i) => [l, freqs[i] ?? 0])), other: min / 2 };
  };
  const values = (column: FilterColumn): Frequencies => {
    const r = by.get(column);
    if (!r) return { listed: new Map(), other: UNKNOWN_MATCH };
    const mcv = r.mcv ?? [];
    const mcf = (r.mcf ?? []).map(Number);
    const listedShare = mcf.reduce((a, b) => a + b, 0);
    const distinct = Number(r.n_distinct) < 0 ? -Number(r.n_distinct) * count : Number(r.n_distinct);
    const others = Math.max(1, distinct - mcv.length);
    const rest = Math.max(0, 1 - listedShare - Number(r.null_frac));
    return { listed: new Map(mcv.map((v, i) => [v, mcf[i] ?? 0])), other: rest / others };
  };
  return {
    rows: count,
    lexemes: { search: elems('search'), search_name: elems('search_name'), search_tags: elems('search_tags') },
    values: {
      category: values('category'),
      visibility: values('visibility'),
      payment_mint: values('payment_mint'),
      creator: values('creator'),
      owner: values('owner'),
    },
    prices: (by.get('price_per_use')?.hist ?? []).map(Number),
  };
}

/** Statistics as if nothing were known: every text match and filter value rare. */
export function unknownStats(): ModelStats {
  const none = (): Frequencies => ({ listed: new Map(), other: UNKNOWN_MATCH });
  return {
    rows: 0,
    lexemes: { search: none(), search_name: none(), search_tags: none() },
    values: { category: none(), visibility: none(), payment_mint: none(), creator: none(), owner: none() },
    prices: [],
  };
}

/** Fraction of rows whose value is `value`. */
export function valueFrequency(f: Frequencies, value: string): number {
  return f.listed.get(value) ?? f.other;
}

/** Fraction of priced rows in [min, max] (either bound optional), from the histogram; 1/3 per open bound when unknown. */
export function priceFraction(bounds: readonly number[], min?: number, max?: number): number {
  if (min !== undefined && max !== undefined && min > max) return 0;
  if (bounds.length < 2) return (min === undefined ? 1 : 1 / 3) * (max === undefined ? 1 : 1 / 3);
  const below = (x: number) => {
    // Fraction of rows below x: whole buckets below, and the share of the one x falls in.
    const last = bounds.length - 1;
    if (x <= (bounds[0] as number)) return 0;
    if (x >= (bounds[last] as number)) return 1;
    let i = 0;
    while ((bounds[i + 1] as number) < x) i++;
    const lo = bounds[i] as number;
    const hi = bounds[i + 1] as number;
    return (i + (hi > lo ? (x - lo) / (hi - lo) : 0)) / last;
  };
  return Math.max(0, (max === undefined ? 1 : below(max)) - (min === undefined ? 0 : below(min)));
}

/** A snapshot of the statistics per database, read again in the background once older than `maxAgeMs`. */
export class StatsCache {
  readonly #entries = new WeakMap<object, { stats: ModelStats; at: number; reading?: Promise<void> }>();

  constructor(readonly maxAgeMs = 60_000) {}

  async get(db: DbOrTrx): Promise<ModelStats> {
    const entry = this.#entries.get(db);
    if (!entry) {
      const stats = await readModelStats(db);
      this.#entries.set(db, { stats, at: performance.now() });
      return stats;
    }
    if (!entry.reading && performance.now() - entry.at > this.maxAgeMs) {
      entry.reading = readModelStats(db)
        .then((stats) => {
          this.#entries.set(db, { stats, at: performance.now() });
        })
        .catch(() => {
          entry.reading = undefined;
          entry.at = performance.now();
        });
    }
    return entry.stats;
  }

  /** Forgets `db`'s snapshot (tests that ANALYZE in between). */
  forget(db: DbOrTrx): void {
    this.#entries.delete(db);
  }
}
