import { sql } from 'kysely';
import { addPayments } from '../../rows/payments.js';
import { added, chainOf, type EventContext, filled, latestChain, newerAll } from '../context.js';
import type { ModelCreated, ModelSettings, ModelUpdated, RevenueWithdrawn } from '../events.js';

const SETTINGS = [
  'category',
  'visibility',
  'status',
  'card_hash',
  'card_cid',
  'payment_mint',
  'price_per_use',
  'subscription_price',
  'pass_size',
  'pass_price',
] as const;
const CREATION = ['asset_mint', 'creator', 'name', 'symbol', 'uri', 'created_at'] as const;

function settingsRow(e: ModelSettings) {
  return {
    category: e.category,
    visibility: e.visibility,
    status: e.status,
    card_hash: e.cardHash,
    card_cid: e.cardCid,
    payment_mint: e.paymentMint,
    price_per_use: e.pricePerUse,
    subscription_price: e.subscriptionPrice,
    pass_size: e.passSize,
    pass_price: e.passPrice,
  };
}

async function upsertSettings(ctx: EventContext, model: string, values: Record<string, unknown>): Promise<void> {
  const creationSet = Object.fromEntries(
    CREATION.filter((c) => c in values).map((c) => [c, filled('models', c)] as const),
  );
  await ctx.trx
    .insertInto('models')
    .values({ address: model, settings_pos: ctx.pos, ...values, ...chainOf(ctx) })
    .onConflict((oc) =>
      oc.column('address').doUpdateSet({
        ...newerAll('models', SETTINGS, 'settings_pos'),
        ...creationSet,
        ...latestChain('models'),
      }),
    )
    .execute();
  await copyCard(ctx, model);
}

/** Fills the searchable card fields from an already fetched card with the model's current hash. */
async function copyCard(ctx: EventContext, model: string): Promise<void> {
  await ctx.trx
    .updateTable('models')
    .from('model_cards')
    .set({
      description: sql`model_cards.description`,
      tags: sql`model_cards.tags`,
      image: sql`model_cards.image`,
      name: sql`coalesce(models.name, model_cards.name)`,
    })
    .whereRef('model_cards.card_hash', '=', 'models.card_hash')
    .where('model_cards.status', '=', 'ok')
    .where('models.address', '=', model)
    .execute();
}

export async function onModelCreated(ctx: EventContext, e: ModelCreated): Promise<void> {
  await upsertSettings(ctx, e.model, {
    ...settingsRow(e),
    asset_mint: e.assetMint,
    creator: e.creator,
    name: e.metadataName,
    symbol: e.symbol,
    uri: e.uri,
    created_at: e.createdAt,
  });
}

export async function onModelUpdated(ctx: EventContext, e: ModelUpdated): Promise<void> {
  await upsertSettings(ctx, e.model, settingsRow(e));
}

export interface ModelStatsDelta {
  uses?: string;
  gross_revenue?: string;
  withdrawn?: string;
  rating_sum?: string;
  rating_count?: string;
}

/** Adds to a model's counters (creating a placeholder row when the model is not known yet). */
export async function addModelStats(ctx: EventContext, model: string, delta: ModelStatsDelta): Promise<void> {
  const columns = Object.keys(delta) as (keyof ModelStatsDelta)[];
  if (columns.length === 0) return;
  await ctx.trx
    .insertInto('models')
    .values({ address: model, ...delta, ...chainOf(ctx) })
    .onConflict((oc) =>
      oc.column('address').doUpdateSet({
        ...Object.fromEntries(columns.map((c) => [c, added('models', c)] as const)),
        ...latestChain('models'),
      }),
    )
    .execute();
}

/** `withdraw_revenue`: money leaves the model to the asset holder. */
export async function onRevenueWithdrawn(ctx: EventContext, e: RevenueWithdrawn): Promise<void> {
  await addModelStats(ctx, e.model, { withdrawn: e.amount });
  await addPayments(ctx, [
    { kind: 'withdrawal', from: e.model, to: e.recipient, amount: e.amount, mint: e.mint, model: e.model },
  ]);
}
