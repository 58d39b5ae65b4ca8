// How a search branch chooses its access from the statistics (repos/search/plan.ts, stats.ts):
// the estimates, and the choice between walking the sort index and reading an index's matches.
import { describe, expect, it } from 'vitest';
import { chooseAccess, filterSelectivity, textDensity } from '../src/repos/search/plan.js';
import { type ModelStats, priceFraction, unknownStats, valueFrequency } from '../src/repos/search/stats.js';
import type { SearchText } from '../src/repos/search/text.js';

const text = (lexemes: string[], o: Partial<SearchText> = {}): SearchText => ({
  q: lexemes.join(' '),
  tsquery: lexemes.map((l) => `'${l}'`).join(' & '),
  lexemes,
  any: false,
  negated: false,
  pattern: `%${lexemes.join(' ')}%`,
  ...o,
});

/** 50,000 models; "portrait" in 40% of them (12% of names), "yak" rare; a creator with 5%. */
function stats(): ModelStats {
  const s = unknownStats();
  const frequencies = (listed: [string, number][], other: number) => ({ listed: new Map(listed), other });
  return {
    ...s,
    rows: 50_000,
    lexemes: {
      search: frequencies(
        [
          ['portrait', 0.4],
          ['cat', 0.2],
        ],
        0.0004,
      ),
      search_name: frequencies(
        [
          ['portrait', 0.12],
          ['cat', 0.05],
        ],
        0.00005,
      ),
      search_tags: frequencies(
        [
          ['portrait', 0.15],
          ['cat', 0.08],
        ],
        0.0001,
      ),
    },
    values: {
      ...s.values,
      category: frequencies(
        [
          ['style', 1 / 3],
          ['caption', 1 / 3],
          ['generate', 1 / 3],
        ],
        0,
      ),
      creator: frequencies([['big', 0.05]], 0.00002),
    },
    prices: Array.from({ length: 101 }, (_, i) => 1_000 * 1.1 ** i),
  };
}

describe('search estimates', () => {
  it('reads value and lexeme frequencies, with the rest for values not listed', () => {
    const s = stats();
    expect(valueFrequency(s.values.creator, 'big')).toBe(0.05);
    expect(valueFrequency(s.values.creator, 'someone')).toBe(0.00002);
    expect(textDensity(s, 'search', text(['portrait']))).toBe(0.4);
    expect(textDensity(s, 'search', text(['portrait', 'cat']))).toBeCloseTo(0.08);
    expect(textDensity(s, 'search', text(['portrait', 'cat'], { any: true }))).toBeCloseTo(0.6);
    expect(textDensity(s, 'search', text([], { tsquery: "!'mood'" }))).toBe(1);
    expect(textDensity(s, 'search', text([], { tsquery: '' }))).toBe(0);
  });

  it('estimates a price range from the histogram, nothing for an empty range', () => {
    const bounds = [0, 10, 20, 30, 40];
    expect(priceFraction(bounds, 10, 30)).toBeCloseTo(0.5);
    expect(priceFraction(bounds, 15)).toBeCloseTo(0.625);
    expect(priceFraction(bounds, undefined, 5)).toBeCloseTo(0.125);
    expect(priceFraction(bounds, 30, 10)).toBe(0);
    expect(priceFraction([], 10)).toBeCloseTo(1 / 3);
    expect(filterSelectivity(stats(), { category: 'style', creator: 'big' })).toBeCloseTo(0.05 / 3);
  });
});

describe('search access', () => {
  it('walks the sort index for common words and reads the matches of rare ones', () => {
    const s = stats();
    expect(chooseAccess(s, {}, text(['portrait']), 2, 21)).toBe('walk');
    expect(chooseAccess(s, {}, text(['yak']), 2, 21)).toBe('text');
    expect(chooseAccess(s, {}, text(['yak']), 0, 21)).toBe('text');
    expect(chooseAccess(s, {}, text(['portrait', 'cat']), null, 21)).toBe('walk');
  });

  it('reads the matches when filters make a walk long, and the creator index for a rare creator', () => {
    const s = stats();
    // 12% of names, then 1/3 of them: a walk reads ~500 rows, the index 6,000.
    expect(chooseAccess(s, { category: 'style' }, text(['portrait']), 2, 21)).toBe('walk');
    // A narrow price band: the walk would read most of the table.
    expect(chooseAccess(s, { minPrice: '5000', maxPrice: '5100' }, text(['cat']), 2, 21)).toBe('text');
    expect(chooseAccess(s, { creator: 'someone' }, undefined, null, 21)).toBe('creator');
    expect(chooseAccess(s, { creator: 'big' }, undefined, null, 21)).toBe('walk');
    expect(chooseAccess(s, { owner: 'someone' }, text(['portrait']), 2, 21)).toBe('owner');
  });

  it('without statistics (never analyzed), reads the matches of any text and walks otherwise', () => {
    const s = unknownStats();
    expect(chooseAccess(s, {}, text(['portrait']), 2, 21)).toBe('text');
    expect(chooseAccess(s, {}, undefined, null, 21)).toBe('walk');
  });
});
