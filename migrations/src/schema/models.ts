import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { Address, ChainColumns, Defaulted, Hex32, Int8, Json, U64 } from './common.js';

export type ModelCategory = 'caption' | 'style' | 'generate';
export type ModelVisibility = 'public' | 'allowlist';
export type ModelStatus = 'draft' | 'training' | 'ready' | 'paused';

/** `Model` accounts, with the model card's searchable fields copied from `model_cards`. */
export interface ModelsTable extends ChainColumns {
  address: Address;
  asset_mint: Address | null;
  creator: Address | null;
  /** Current holder of the asset (from token transfers / reconciliation), null when unknown. */
  owner: Address | null;
  category: ModelCategory | null;
  visibility: ModelVisibility | null;
  status: ModelStatus | null;
  current_version: Defaulted<Int8>;
  /** Versions ever published (the next one is version_count + 1). */
  version_count: Defaulted<Int8>;
  /** SPL models: the token vault PDA `["vault", model]`; SOL models: the all-zero address. */
  vault: Address | null;
  /** 0 SOL, 1 SPL Token, 2 Token-2022; null until reconciliation reads it (SPL models). */
  token_kind: number | null;
  /** Payment mint decimals; null until reconciliation reads it (SPL models). */
  decimals: number | null;
  /** SPL models: tokens in the vault owed to open jobs and passes. */
  escrowed: Defaulted<U64>;
  card_hash: Hex32 | null;
  card_cid: string | null;
  payment_mint: Address | null;
  price_per_use: U64 | null;
  subscription_price: U64 | null;
  pass_size: U64 | null;
  pass_price: U64 | null;
  uses: Defaulted<U64>;
  gross_revenue: Defaulted<U64>;
  withdrawn: Defaulted<U64>;
  rating_sum: Defaulted<U64>;
  rating_count: Defaulted<U64>;
  created_at: Int8 | null;
  /** Position of the last event that set the fields `update_model` can change (state guard). */
  settings_pos: Defaulted<string>;
  name: string | null;
  symbol: string | null;
  uri: string | null;
  description: string | null;
  tags: Defaulted<string[]>;
  image: string | null;
  /** Average rating x 1000, rounded (0 when unrated): generated, for the rating sort's index. */
  rating_key: ColumnType<string, never, never>;
  /** Full-text vector over name, tags, description: generated, never written. */
  search: ColumnType<string, never, never>;
  /** Full-text vectors of the name and of the tags alone (relevance tiers): generated. */
  search_name: ColumnType<string, never, never>;
  search_tags: ColumnType<string, never, never>;
}

/** Model cards fetched from IPFS, keyed by content hash (a card never changes, so rebuilds keep them). */
export interface ModelCardsTable {
  card_hash: Hex32;
  cid: string | null;
  status: 'ok' | 'error';
  error: string | null;
  name: string | null;
  description: string | null;
  tags: Defaulted<string[]>;
  image: string | null;
  card: Json | null;
  fetched_at: Defaulted<Date>;
  /** Fetches of this card so far. */
  attempts: Defaulted<number>;
  /** When a failed fetch may be tried again; null when it will not be (or it succeeded). */
  retry_at: Date | null;
}

/** `ModelVersion` accounts. */
export interface ModelVersionsTable extends ChainColumns {
  model: Address;
  version: Int8;
  address: Address | null;
  weights_hash: Hex32 | null;
  weights_cid: string | null;
  dataset_hash: Hex32 | null;
  dataset_cid: string | null;
  training_job: Address | null;
  created_at: Int8 | null;
  yanked: Defaulted<boolean>;
}

export type Model = Selectable<ModelsTable>;
export type NewModel = Insertable<ModelsTable>;
export type ModelUpdate = Updateable<ModelsTable>;
export type ModelCard = Selectable<ModelCardsTable>;
export type NewModelCard = Insertable<ModelCardsTable>;
export type ModelCardUpdate = Updateable<ModelCardsTable>;
export type ModelVersion = Selectable<ModelVersionsTable>;
export type NewModelVersion = Insertable<ModelVersionsTable>;
export type ModelVersionUpdate = Updateable<ModelVersionsTable>;
