import type { Model, ModelCategory, ModelVersion, ModelVisibility } from '@modelmint/migrations';
import type { DbOrTrx } from '../db/index.js';
import { SUMMARY_COLUMNS } from './search/statement.js';

export type ModelSort = 'relevance' | 'uses' | 'rating' | 'revenue' | 'newest';

export interface ModelQuery {
  q?: string | undefined;
  category?: ModelCategory | undefined;
  visibility?: ModelVisibility | undefined;
  paymentMint?: string | undefined;
  creator?: string | undefined;
  owner?: string | undefined;
  minPrice?: string | undefined;
  maxPrice?: string | undefined;
  sort?: ModelSort | undefined;
  limit: number;
  cursor?: string | undefined;
}

export type ModelRow = Omit<Model, 'search' | 'search_name' | 'search_tags' | 'settings_pos' | 'rating_key'>;

/**
 * What a search result carries: what a listing shows and sorts by. Everything else (vault, card
 * hash, escrow, chain position...) is in `GET /models/:address`; a page of full rows was twice
 * the bytes, and bytes were most of a search request's cost.
 */
export { SUMMARY_COLUMNS };

export type ModelSummary = Pick<ModelRow, (typeof SUMMARY_COLUMNS)[number]>;

export interface ModelPage {
  items: ModelSummary[];
  nextCursor: string | null;
}

const DETAIL_COLUMNS = [
  'asset_mint',
  'current_version',
  'version_count',
  'card_hash',
  'card_cid',
  'vault',
  'token_kind',
  'escrowed',
  'withdrawn',
  'symbol',
  'uri',
  'slot',
  'signature',
  'commitment',
  'pos',
] as const satisfies readonly (keyof ModelRow)[];

/** Every column of a model row, for the detail route. */
const COLUMNS = [...SUMMARY_COLUMNS, ...DETAIL_COLUMNS] as const;

export { InvalidCursorError } from './cursor.js';
export { type JsonPage, pageBody, searchModels, searchModelsJson } from './search/index.js';

export interface ModelDetail {
  model: ModelRow;
  versions: ModelVersion[];
}

export async function getModel(db: DbOrTrx, address: string): Promise<ModelDetail | null> {
  const model = await db.selectFrom('models').select(COLUMNS).where('address', '=', address).executeTakeFirst();
  if (!model) return null;
  const versions = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('model', '=', address)
    .orderBy('version', 'desc')
    .execute();
  return { model, versions };
}
