/**
 * How each branch of a search reads `models`, chosen from the statistics (stats.ts): walk the
 * sort's index and test each row until the page is full (cheap when many rows match), or read
 * every row an index finds (the text's GIN index, or the creator's / owner's btree) and sort
 * them (cheap when few match). Either costs about the rows it touches; this picks the fewer, so a
 * page touches at most about sqrt(page size x models) rows whatever the words and filters.
 */
import type { ModelQuery } from '../models.js';
import { type ModelStats, priceFraction, type TextColumn, valueFrequency } from './stats.js';
import type { SearchText } from './text.js';

export type Access = 'walk' | 'text' | 'creator' | 'owner';

/** Relevance tiers: 2 the name matched, 1 the tags, 0 elsewhere; null for the other sorts. */
export type Tier = 2 | 1 | 0 | null;

/** The filters of a search. */
export type Filters = Pick<
  ModelQuery,
  'category' | 'visibility' | 'paymentMint' | 'creator' | 'owner' | 'minPrice' | 'maxPrice'
>;

/** Fraction of models whose every lexeme of `text` is in `column` (independence assumed). */
export function textDensity(stats: ModelStats, column: TextColumn, text: SearchText): number {
  if (text.lexemes.length === 0) return text.tsquery === '' ? 0 : 1;
  const freqs = text.lexemes.map((l) => valueFrequency(stats.lexemes[column], l));
  return text.any
    ? Math.min(
        1,
        freqs.reduce((a, b) => a + b, 0),
      )
    : freqs.reduce((a, b) => a * b, 1);
}

/** Fraction of models passing the filters (independence assumed). */
export function filterSelectivity(stats: ModelStats, f: Filters): number {
  let s = 1;
  if (f.category) s *= valueFrequency(stats.values.category, f.category);
  if (f.visibility) s *= valueFrequency(stats.values.visibility, f.visibility);
  if (f.paymentMint) s *= valueFrequency(stats.values.payment_mint, f.paymentMint);
  if (f.creator) s *= valueFrequency(stats.values.creator, f.creator);
  if (f.owner) s *= valueFrequency(stats.values.owner, f.owner);
  if (f.minPrice || f.maxPrice) {
    s *= priceFraction(
      stats.prices,
      f.minPrice ? Number(f.minPrice) : undefined,
      f.maxPrice ? Number(f.maxPrice) : undefined,
    );
  }
  return s;
}

const TIER_COLUMN: Record<2 | 1 | 0, TextColumn> = { 2: 'search_name', 1: 'search_tags', 0: 'search' };

/**
 * Fraction of models a branch's text condition keeps: a tier keeps the matches no higher tier
 * took (name and tags matches are matches anywhere too), the other sorts every match.
 */
function branchDensity(stats: ModelStats, text: SearchText, tier: Tier): number {
  const name = textDensity(stats, 'search_name', text);
  if (tier === 2) return name;
  const tags = textDensity(stats, 'search_tags', text);
  if (tier === 1) return tags * (1 - name);
  const all = textDensity(stats, 'search', text);
  if (tier === 0) return Math.max(all - name - tags + name * tags, all / 10);
  return all;
}

/** The access of one branch: `tier`'s text condition (none without text), filters, `want` rows. */
export function chooseAccess(
  stats: ModelStats,
  f: Filters,
  text: SearchText | undefined,
  tier: Tier,
  want: number,
): Access {
  const n = Math.max(stats.rows, 1);
  const passing = Math.max((text ? branchDensity(stats, text, tier) : 1) * filterSelectivity(stats, f), 1 / n);
  const costs: [Access, number][] = [['walk', Math.min(n, want / passing)]];
  if (text) {
    // The index reads every match of the branch's column; tier 0 and the other sorts also take
    // the text as a substring of the name (trigram index), which the statistics cannot tell:
    // guess 1% of the models for it.
    const substring = tier === 2 || tier === 1 ? 0 : 0.01;
    const matches = textDensity(stats, TIER_COLUMN[tier ?? 0], text) + substring;
    if (text.lexemes.length > 0 || substring > 0) costs.push(['text', n * matches]);
  }
  if (f.creator) costs.push(['creator', n * valueFrequency(stats.values.creator, f.creator)]);
  if (f.owner) costs.push(['owner', n * valueFrequency(stats.values.owner, f.owner)]);
  return costs.reduce((best, c) => (c[1] < best[1] ? c : best))[0];
}
