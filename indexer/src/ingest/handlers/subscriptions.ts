import type { EventData } from '../events.js';
import { add } from '../fold/rows.js';
import { chainOf } from '../fold/state.js';
import { type FoldContext, modelRow, pairKey, pay } from './context.js';

/** `subscribe`: paid and split at purchase; the event carries the new expiry. */
export function onSubscribed(ctx: FoldContext, d: EventData<'Subscribed'>): void {
  const key = pairKey(d.model, d.user);
  const before = ctx.state.subscriptions.get(key);
  ctx.state.subscriptions.set(key, {
    model: d.model,
    wallet: d.user,
    expires_at: d.expiresAt,
    mint: d.paymentMint,
    total_paid: add(before?.total_paid ?? '0', d.amount),
    ...chainOf(ctx.e),
  });
  const model = modelRow(ctx, d.model);
  model.gross_revenue = add(model.gross_revenue, d.amount);
  const treasury = ctx.state.currentConfig()?.treasury ?? 'treasury';
  pay(ctx, d.model, [
    { kind: 'subscription_creator_share', from: d.user, to: d.model, amount: d.creatorShare, mint: d.paymentMint },
    { kind: 'subscription_fee', from: d.user, to: treasury, amount: d.fee, mint: d.paymentMint },
  ]);
}
