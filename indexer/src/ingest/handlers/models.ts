import type { EventData } from '../events.js';
import { cidHex } from '../events.js';
import { add, NONE_ADDRESS } from '../fold/rows.js';
import { CATEGORIES, enumOf, type FoldContext, MODEL_STATUSES, modelRow, pay, VISIBILITIES } from './context.js';

/** The card's fields (name, description, tags, image) are copied from a fetched card after the flush. */
function setCard(row: { card_cid: string | null; card_hash: string | null }, cid: string | null): void {
  if (row.card_cid === cid) return;
  Object.assign(row, { card_cid: cid, card_hash: cidHex(cid) });
}

/** `create_model`: the model with its pricing; SPL models get their vault PDA. */
export function onModelCreated(ctx: FoldContext, d: EventData<'ModelCreated'>): void {
  const row = modelRow(ctx, d.model);
  const spl = d.paymentMint !== NONE_ADDRESS;
  Object.assign(row, {
    asset_mint: d.assetMint,
    creator: d.creator,
    owner: d.creator,
    category: enumOf(CATEGORIES, d.category, 'category'),
    visibility: enumOf(VISIBILITIES, d.visibility, 'visibility'),
    status: enumOf(MODEL_STATUSES, d.status, 'model status'),
    payment_mint: d.paymentMint,
    vault: spl ? ctx.state.pda('vault', d.model) : NONE_ADDRESS,
    // SOL models: kind 0, no decimals (as the account stores them). SPL: from the event; an
    // event logged before these fields were appended decodes them as 0, left for reconciliation.
    token_kind: spl ? d.tokenKind || null : 0,
    decimals: spl ? (d.tokenKind ? d.decimals : null) : 0,
    price_per_use: d.pricePerUse,
    subscription_price: d.subscriptionPrice,
    pass_size: String(d.passSize),
    pass_price: d.passPrice,
    created_at: ctx.e.blockTime,
    settings_pos: ctx.e.pos,
  });
  setCard(row, d.cardCid);
}

/** `update_model`: the settings after the update, and who holds the asset now. */
export function onModelUpdated(ctx: FoldContext, d: EventData<'ModelUpdated'>): void {
  const row = modelRow(ctx, d.model);
  Object.assign(row, {
    owner: d.owner,
    visibility: enumOf(VISIBILITIES, d.visibility, 'visibility'),
    status: enumOf(MODEL_STATUSES, d.status, 'model status'),
    price_per_use: d.pricePerUse,
    subscription_price: d.subscriptionPrice,
    pass_size: String(d.passSize),
    pass_price: d.passPrice,
    current_version: String(d.currentVersion),
    settings_pos: ctx.e.pos,
  });
  setCard(row, d.cardCid);
}

/** `withdraw_revenue`: the money leaves the model for the asset holder. */
export function onRevenueWithdrawn(ctx: FoldContext, d: EventData<'RevenueWithdrawn'>): void {
  const row = modelRow(ctx, d.model);
  row.withdrawn = add(row.withdrawn, d.amount);
  row.owner = d.owner;
  pay(ctx, d.model, [{ kind: 'withdrawal', from: d.model, to: d.owner, amount: d.amount, mint: d.paymentMint }]);
}
