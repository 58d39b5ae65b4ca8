import { z } from '@hono/zod-openapi';
import { SUMMARY_COLUMNS } from '../repos/models.js';

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
export const AddressSchema = z
  .string()
  .regex(BASE58, 'a base58 address')
  .openapi({ example: 'So11111111111111111111111111111111111111112' });
/** u64 as a decimal string (never a JSON number). */
export const U64Schema = z
  .string()
  .refine((v) => /^(0|[1-9][0-9]{0,19})$/.test(v) && BigInt(v) < 2n ** 64n, 'a decimal u64')
  .openapi({ example: '1000000' });
const Int8Schema = z.string().regex(/^-?[0-9]+$/);
const CommitmentSchema = z.enum(['confirmed', 'finalized']);

export const ModelsQuerySchema = z.object({
  q: z.string().max(200).optional().openapi({ description: 'Full-text search over name, tags and description' }),
  category: z.enum(['caption', 'style', 'generate']).optional(),
  visibility: z.enum(['public', 'allowlist']).optional(),
  paymentMint: AddressSchema.optional(),
  creator: AddressSchema.optional(),
  owner: AddressSchema.optional(),
  minPrice: U64Schema.optional().openapi({ description: 'Minimum price per use (base units)' }),
  maxPrice: U64Schema.optional(),
  sort: z.enum(['relevance', 'uses', 'rating', 'revenue', 'newest']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional().openapi({ description: 'nextCursor of the previous page' }),
});

export const ModelSchema = z
  .object({
    address: z.string(),
    asset_mint: z.string().nullable(),
    creator: z.string().nullable(),
    owner: z.string().nullable(),
    category: z.enum(['caption', 'style', 'generate']).nullable(),
    visibility: z.enum(['public', 'allowlist']).nullable(),
    status: z.enum(['draft', 'training', 'ready', 'paused']).nullable(),
    current_version: Int8Schema,
    version_count: Int8Schema,
    card_hash: z.string().nullable(),
    card_cid: z.string().nullable(),
    payment_mint: z.string().nullable(),
    vault: z.string().nullable(),
    token_kind: z.number().nullable(),
    decimals: z.number().nullable(),
    escrowed: z.string(),
    price_per_use: z.string().nullable(),
    subscription_price: z.string().nullable(),
    pass_size: z.string().nullable(),
    pass_price: z.string().nullable(),
    uses: z.string(),
    gross_revenue: z.string(),
    withdrawn: z.string(),
    rating_sum: z.string(),
    rating_count: z.string(),
    created_at: Int8Schema.nullable(),
    name: z.string().nullable(),
    symbol: z.string().nullable(),
    uri: z.string().nullable(),
    description: z.string().nullable(),
    tags: z.array(z.string()),
    image: z.string().nullable(),
    slot: Int8Schema,
    signature: z.string(),
    commitment: CommitmentSchema,
    pos: z.string(),
  })
  .openapi('Model');

/** A search result: the listing fields of a model (the rest is in `GET /models/{address}`). */
export const ModelSummarySchema = ModelSchema.pick(
  Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c, true])) as Record<(typeof SUMMARY_COLUMNS)[number], true>,
).openapi('ModelSummary');

export const ModelPageSchema = z
  .object({ items: z.array(ModelSummarySchema), nextCursor: z.string().nullable() })
  .openapi('ModelPage');

export const ModelVersionSchema = z
  .object({
    model: z.string(),
    version: Int8Schema,
    address: z.string().nullable(),
    weights_hash: z.string().nullable(),
    weights_cid: z.string().nullable(),
    dataset_hash: z.string().nullable(),
    dataset_cid: z.string().nullable(),
    training_job: z.string().nullable(),
    created_at: Int8Schema.nullable(),
    yanked: z.boolean(),
    slot: Int8Schema,
    signature: z.string(),
    commitment: CommitmentSchema,
    pos: z.string(),
  })
  .openapi('ModelVersion');

export const ModelDetailSchema = z
  .object({ model: ModelSchema, versions: z.array(ModelVersionSchema) })
  .openapi('ModelDetail');

/** The part of a raw transaction (RPC getTransaction / Helius raw webhook item) the indexer reads. */
export const RawTransactionSchema = z
  .looseObject({
    slot: z.union([z.number().int().nonnegative(), z.string().regex(/^[0-9]+$/)]),
    blockTime: z.union([z.number().int(), z.string().regex(/^-?[0-9]+$/)]).nullish(),
    indexWithinBlock: z.number().int().nonnegative().nullish(),
    meta: z.looseObject({ err: z.unknown(), logMessages: z.array(z.string()).nullish() }).nullable(),
    transaction: z.looseObject({
      signatures: z.array(z.string()).min(1),
      message: z.looseObject({ accountKeys: z.array(z.unknown()) }),
    }),
  })
  .openapi('RawTransaction');

export const WebhookBodySchema = z.array(RawTransactionSchema).min(1).max(1000);

export const WebhookResultSchema = z
  .object({ received: z.number(), new: z.number(), duplicate: z.number(), promoted: z.number(), skipped: z.number() })
  .openapi('WebhookResult');
