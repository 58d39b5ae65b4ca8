// The search benchmark's generator: a PRNG whose small draws are uniform and do not cycle, a
// Zipf(s=1) sampler with the right shape, a query universe of 5,000+ distinct strings using every
// sort and filter, and models whose text uses a 2,000+ word vocabulary.
import { describe, expect, it } from 'vitest';
import { Random, Zipf } from '../src/bench/random.js';
import { QueryMix, SORTS, searchModel } from '../src/bench/search-mix.js';
import { VOCABULARY } from '../src/bench/vocabulary.js';

describe('Random', () => {
  it('draws small ranges uniformly, pairs included (an LCG modulo 4 cycles with period 4)', () => {
    const r = new Random(12345);
    const counts = new Array(16).fill(0);
    let prev = r.int(4);
    const n = 160_000;
    for (let i = 0; i < n; i++) {
      const x = r.int(4);
      counts[prev * 4 + x]++;
      prev = x;
    }
    for (const c of counts) expect(Math.abs(c - n / 16) / (n / 16)).toBeLessThan(0.05);
    // No short cycle in the lowest bit.
    const bits = Array.from({ length: 256 }, () => r.u32() & 1).join('');
    for (let period = 1; period <= 64; period++) expect(bits.slice(period)).not.toBe(bits.slice(0, -period));
  });

  it('gives the same stream for the same seed and another for another', () => {
    const a = Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.u32()
      )(new Random(7)),
    );
    const b = Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.u32()
      )(new Random(7)),
    );
    const c = Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.u32()
      )(new Random(8)),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('Zipf(s=1)', () => {
  it('gives rank k a share proportional to 1/(k+1)', () => {
    const z = new Zipf(1000, 1);
    expect(z.p(0) / z.p(1)).toBeCloseTo(2, 10);
    expect(z.p(0) / z.p(9)).toBeCloseTo(10, 10);
    const r = new Random(3);
    const counts = new Map<number, number>();
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const k = z.draw(r);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const k of [0, 1, 4, 9]) expect(Math.abs((counts.get(k) ?? 0) / n - z.p(k)) / z.p(k)).toBeLessThan(0.05);
    expect(Math.max(...counts.keys())).toBeGreaterThan(900);
  });
});

describe('the search mix', () => {
  const mix = new QueryMix(1);
  const params = mix.queries.map((q) => new URLSearchParams(q));

  it('has 5,000+ distinct query strings, drawn so that many distinct URLs are sent', () => {
    expect(new Set(mix.queries).size).toBeGreaterThanOrEqual(5_000);
    const sent = Array.from({ length: 10_000 }, () => mix.next());
    const distinct = new Set(sent);
    expect(distinct.size).toBeGreaterThan(2_500);
    // Zipf(1) over 20,000: the most asked query is ~9.5% of requests, not most of them.
    const top = Math.max(...[...distinct].map((q) => sent.filter((s) => s === q).length));
    expect(top / sent.length).toBeGreaterThan(0.07);
    expect(top / sent.length).toBeLessThan(0.13);
  });

  it('uses every sort and every filter, each alone and together with others', () => {
    for (const sort of SORTS) expect(params.some((p) => p.get('sort') === sort)).toBe(true);
    for (const filter of ['q', 'category', 'visibility', 'paymentMint', 'creator', 'owner', 'minPrice', 'maxPrice']) {
      const using = params.filter((p) => p.has(filter));
      expect(using.length, filter).toBeGreaterThan(50);
    }
    expect(params.some((p) => p.has('maxPrice') && !p.has('category'))).toBe(true);
    expect(params.some((p) => !p.has('q') && p.get('sort') === 'rating')).toBe(true);
    expect(new Set(params.map((p) => p.get('limit')))).toEqual(new Set(['10', '20', '50']));
    // Queries draw on the whole vocabulary.
    const queryWords = new Set(params.flatMap((p) => (p.get('q') ?? '').replace(/["-]/g, '').split(' ')));
    expect(queryWords.size).toBeGreaterThan(1_500);
  });

  it('builds models whose names, descriptions and tags use 2,000+ words', () => {
    expect(VOCABULARY.length).toBeGreaterThanOrEqual(2_000);
    const r = new Random(9);
    const used = new Set<string>();
    for (let k = 0; k < 5_000; k++) {
      const m = searchModel(r, k);
      for (const text of [m.name ?? '', m.description ?? '', ...(m.tags ?? [])]) {
        for (const w of text.toLowerCase().replace(/\./g, '').split(' ')) used.add(w);
      }
    }
    expect([...used].filter((w) => VOCABULARY.includes(w)).length).toBeGreaterThanOrEqual(2_000);
  });
});
