// The marketplace's search state lives in the URL (shareable, back/forward
// work); this maps it to the indexer's query and back.
import { NATIVE_MINT_MARKER } from '@modelmint/sdk';
import type { ModelsQuery } from './indexer.js';
import { parseAmountInput, SOL } from './units.js';

export const SORTS = [
  { value: 'uses', label: 'Most used' },
  { value: 'rating', label: 'Best rated' },
  { value: 'revenue', label: 'Highest revenue' },
  { value: 'newest', label: 'Newest' },
  { value: 'relevance', label: 'Relevance (with a search)' },
] as const;

export const CATEGORIES = [
  { value: '', label: 'Any category' },
  { value: 'caption', label: 'Caption (text)' },
  { value: 'generate', label: 'Generate (images)' },
  { value: 'style', label: 'Style (image to image)' },
] as const;

export interface SearchState {
  q: string;
  category: string;
  visibility: string;
  /** '' any, 'sol', or an SPL mint address. */
  mint: string;
  /** In SOL for SOL models; in base units for a token mint. */
  min: string;
  max: string;
  sort: string;
}

export function readSearch(params: URLSearchParams): SearchState {
  const get = (k: string) => params.get(k) ?? '';
  return {
    q: get('q'),
    category: get('category'),
    visibility: get('visibility'),
    mint: get('mint'),
    min: get('min'),
    max: get('max'),
    sort: get('sort') || (get('q') ? 'relevance' : 'uses'),
  };
}

export function writeSearch(s: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) if (v && !(k === 'sort' && v === (s.q ? 'relevance' : 'uses'))) p.set(k, v);
  return p;
}

/** The indexer query of a search, or the problems with its price fields. */
export function toQuery(s: SearchState, limit = 24): { query: ModelsQuery; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const token = s.mint !== '' && s.mint !== 'sol';
  const price = (field: 'min' | 'max') => {
    const text = s[field];
    if (!text) return undefined;
    const r = token ? parseAmountInput(text, { ...SOL, decimals: 0 }) : parseAmountInput(text, SOL);
    if (!r.ok) {
      errors[field] = r.error;
      return undefined;
    }
    return r.value.toString();
  };
  const minPrice = price('min');
  const maxPrice = price('max');
  if (minPrice && maxPrice && BigInt(minPrice) > BigInt(maxPrice)) errors.max = 'the maximum is below the minimum';
  const query: ModelsQuery = {
    limit: String(limit),
    sort: (s.sort || 'uses') as NonNullable<ModelsQuery['sort']>,
    ...(s.q ? { q: s.q } : {}),
    ...(s.category ? { category: s.category as NonNullable<ModelsQuery['category']> } : {}),
    ...(s.visibility ? { visibility: s.visibility as NonNullable<ModelsQuery['visibility']> } : {}),
    ...(s.mint ? { paymentMint: s.mint === 'sol' ? NATIVE_MINT_MARKER : s.mint } : {}),
    ...(minPrice ? { minPrice } : {}),
    ...(maxPrice ? { maxPrice } : {}),
  };
  return { query, errors };
}
