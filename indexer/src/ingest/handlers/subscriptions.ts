import type { EventData } from '../events.js';
import { add, type SubscriptionRow, sub } from '../fold/rows.js';
import { chainOf } from '../fold/state.js';
import { type FoldContext, modelRow, pairKey, pay } from './context.js';

/** `subscribe`: paid and split at purchase; the event carries the new expiry and what the time is worth. */
export function onSubscribed(ctx: FoldContext, d: EventData<'Subscribed'>): void {
  const key = pairKey(d.model, d.user);
  const before = ctx.state.subscriptions.get(key);
  ctx.state.subscriptions.set(key, {
    model: d.model,
    wallet: d.user,
    expires_at: d.expiresAt,
    mint: d.paymentMint,
    total_paid: add(before?.total_paid ?? '0', d.amount),
    value: d.value,
    value_since: d.valueSince,
    refunded: before?.refunded ?? '0',
    closed: false,
    ...chainOf(ctx.e),
  });
  const model = modelRow(ctx, d.model);
  model.gross_revenue = add(model.gross_revenue, d.amount);
  const treasury = ctx.state.currentConfig()?.treasury ?? 'treasury';
  // SOL fees accrue in the fee vault; SPL fees go to the treasury's token account.
  const feeTo = d.paymentMint === NONE ? ctx.state.feeVault : treasury;
  pay(ctx, d.model, [
    { kind: 'subscription_creator_share', from: d.user, to: d.model, amount: d.creatorShare, mint: d.paymentMint },
    { kind: 'subscription_fee', from: d.user, to: feeTo, amount: d.fee, mint: d.paymentMint },
  ]);
}

/**
 * `revoke_access` with the subscription, `cancel_subscription`: the unused time refunded from the
 * model's revenue (gross revenue counts payments net of refunds), the account closed.
 */
export function closeSubscription(ctx: FoldContext, model: string, user: string, refund: string): void {
  const key = pairKey(model, user);
  const row: SubscriptionRow = ctx.state.subscriptions.get(key) ?? {
    model,
    wallet: user,
    expires_at: '0',
    mint: ctx.state.models.get(model)?.payment_mint ?? null,
    total_paid: '0',
    value: '0',
    value_since: '0',
    refunded: '0',
    closed: false,
    ...chainOf(ctx.e),
  };
  ctx.state.subscriptions.set(key, { ...row, refunded: add(row.refunded, refund), closed: true, ...chainOf(ctx.e) });
  const m = modelRow(ctx, model);
  const gross = sub(m.gross_revenue, refund);
  m.gross_revenue = gross.startsWith('-') ? '0' : gross;
  pay(ctx, model, [
    { kind: 'subscription_refund', from: model, to: user, amount: refund, mint: row.mint ?? 'unknown' },
  ]);
}

export function onSubscriptionCancelled(ctx: FoldContext, d: EventData<'SubscriptionCancelled'>): void {
  closeSubscription(ctx, d.model, d.user, d.refund);
}

/** The payment mint of SOL (the all-zero address). */
const NONE = '11111111111111111111111111111111';
