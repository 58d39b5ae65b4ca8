/**
 * What the search benchmark stores and asks: models whose names, descriptions and tags draw on a
 * 2,000+ word vocabulary with Zipf-like word frequencies, and a mix of search queries drawn Zipf(s=1)
 * from a universe of distinct query strings that use every sort and every filter of `GET /models`.
 */
import type { NewModel } from '@modelmint/migrations';
import { Random, Zipf } from './random.js';
import { addr } from './synthetic.js';
import { VOCABULARY } from './vocabulary.js';

export const SOL_MINT = '11111111111111111111111111111111';
export const USDC_MINT = addr('bench-usdc-mint');
/** Creators of the search models; a creator's share of the models is Zipf too. */
export const CREATORS = 5_000;
export const creatorAddress = (i: number) => addr(`bench-creator-${i}`);
export const searchModelAddress = (k: number) => addr(`search-model-${k}`);
export const SORTS = ['relevance', 'uses', 'rating', 'revenue', 'newest'] as const;
export const CATEGORIES = ['caption', 'style', 'generate'] as const;

/**
 * Word frequencies in model texts and queries: Zipf-Mandelbrot (s = 1, q = 10), so the most
 * common word is ~1.7% of words and appears in about a third of the models, not in nearly all
 * of them as plain Zipf(1) over 2,252 words (12% of words) would make it.
 */
const wordRank = new Zipf(VOCABULARY.length, 1, 10);
const creatorRank = new Zipf(CREATORS, 1);
const word = (r: Random) => VOCABULARY[wordRank.draw(r)] as string;
const words = (r: Random, n: number) => Array.from({ length: n }, () => word(r));
const title = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** Model `k` of the search benchmark: a ready-to-insert row (its fields as the fold would store them). */
export function searchModel(r: Random, k: number): NewModel {
  const creator = creatorAddress(creatorRank.draw(r));
  const price = Math.round(10 ** (3 + r.next() * 5)); // 1,000 - 100,000,000 base units, log-uniform
  const uses = Math.floor(10 ** (r.next() * 5)) - 1; // heavy tail: most models little used
  const ratingCount = uses === 0 ? 0 : r.int(Math.min(uses, 500) + 1);
  const nameWords = words(
    r,
    r.weighted([
      [1, 2],
      [2, 5],
      [3, 3],
    ] as const),
  ).map(title);
  if (r.chance(0.3)) nameWords.push(`v${1 + r.int(5)}`);
  return {
    address: searchModelAddress(k),
    creator,
    owner: r.chance(0.9) ? creator : addr(`bench-holder-${r.int(20_000)}`),
    category: r.pick(CATEGORIES),
    visibility: r.chance(0.1) ? 'allowlist' : 'public',
    status: r.weighted([
      ['ready', 90],
      ['training', 5],
      ['paused', 5],
    ] as const),
    payment_mint: r.chance(0.85) ? SOL_MINT : USDC_MINT,
    price_per_use: String(price),
    subscription_price: String(price * 200),
    pass_size: '10',
    pass_price: String(price * 9),
    uses: String(uses),
    gross_revenue: String(uses * price),
    rating_sum: String(ratingCount * (1 + r.int(5))),
    rating_count: String(ratingCount),
    created_at: String(1_720_000_000 + r.int(365 * 86_400)),
    name: nameWords.join(' '),
    description: `${title(words(r, 6 + r.int(19)).join(' '))}.`,
    tags: [...new Set(words(r, 2 + r.int(5)))],
    slot: '1',
    signature: 'bench',
    commitment: 'finalized',
    pos: '0',
  };
}

/** One search as its query string (no leading `?`), parameters in a fixed order. */
export function randomQuery(r: Random): string {
  const p = new URLSearchParams();
  const text = r.chance(0.8);
  if (text) {
    const ws = words(
      r,
      r.weighted([
        [1, 55],
        [2, 35],
        [3, 10],
      ] as const),
    );
    const form = r.weighted([
      ['plain', 90],
      ['prefix', 5],
      ['negated', 3],
      ['phrase', 2],
    ] as const);
    if (form === 'prefix') {
      // What a search box sends while typing: part of a word (matched as a substring of names).
      const w = ws[0] as string;
      p.set('q', w.slice(0, Math.max(3, w.length - 2)));
    } else if (form === 'negated') p.set('q', `${ws.join(' ')} -${word(r)}`);
    else if (form === 'phrase' && ws.length > 1) p.set('q', `"${ws.join(' ')}"`);
    else p.set('q', ws.join(' '));
  }
  if (r.chance(0.3)) p.set('category', r.pick(CATEGORIES));
  if (r.chance(0.1)) p.set('visibility', r.chance(0.8) ? 'public' : 'allowlist');
  if (r.chance(0.1)) p.set('paymentMint', r.chance(0.7) ? SOL_MINT : USDC_MINT);
  if (r.chance(0.05)) p.set('creator', creatorAddress(creatorRank.draw(r)));
  if (r.chance(0.03)) p.set('owner', creatorAddress(creatorRank.draw(r)));
  if (r.chance(0.1)) p.set('minPrice', String(Math.round(10 ** (3 + r.next() * 4))));
  if (r.chance(0.15)) p.set('maxPrice', String(Math.round(10 ** (4 + r.next() * 4))));
  const sort = text
    ? r.weighted([
        ['relevance', 50],
        ['uses', 15],
        ['rating', 15],
        ['revenue', 10],
        ['newest', 10],
      ] as const)
    : r.weighted([
        ['uses', 35],
        ['rating', 25],
        ['revenue', 15],
        ['newest', 25],
      ] as const);
  p.set('sort', sort);
  p.set(
    'limit',
    String(
      r.weighted([
        [20, 80],
        [10, 10],
        [50, 10],
      ] as const),
    ),
  );
  return p.toString();
}

/**
 * A universe of `distinct` query strings (the same for the same `seed`), drawn Zipf(s=1) by rank
 * (rank 0: the most asked) in an order set by `drawSeed`.
 */
export class QueryMix {
  readonly queries: readonly string[];
  readonly #rank: Zipf;
  readonly #r: Random;

  constructor(seed: number, distinct = 20_000, drawSeed = seed) {
    const r = new Random(seed);
    const seen = new Set<string>();
    while (seen.size < distinct) seen.add(randomQuery(r));
    this.queries = [...seen];
    this.#rank = new Zipf(distinct, 1);
    this.#r = new Random(drawSeed ^ 0x5bd1e995);
  }

  next(): string {
    return this.queries[this.#rank.draw(this.#r)] as string;
  }
}
