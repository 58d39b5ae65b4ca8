import { sql } from 'kysely';
import { addPayments } from '../../rows/payments.js';
import { added, chainOf, type EventContext, latestChain } from '../context.js';
import type { Subscribed } from '../events.js';
import { addModelStats } from './models.js';

/** `subscribe`: paid and split at purchase; expiry only moves forward. */
export async function onSubscribed(ctx: EventContext, e: Subscribed): Promise<void> {
  await ctx.trx
    .insertInto('subscriptions')
    .values({
      model: e.model,
      wallet: e.user,
      expires_at: e.expiresAt,
      mint: e.mint,
      total_paid: e.amount,
      ...chainOf(ctx),
    })
    .onConflict((oc) =>
      oc.columns(['model', 'wallet']).doUpdateSet({
        expires_at: sql`greatest(subscriptions.expires_at, excluded.expires_at)`,
        mint: sql`excluded.mint`,
        total_paid: added('subscriptions', 'total_paid'),
        ...latestChain('subscriptions'),
      }),
    )
    .execute();
  await addModelStats(ctx, e.model, { gross_revenue: e.amount });
  await addPayments(ctx, [
    {
      kind: 'subscription_creator_share',
      from: e.user,
      to: e.model,
      amount: e.creatorShare,
      mint: e.mint,
      model: e.model,
    },
    { kind: 'subscription_fee', from: e.user, to: e.treasury, amount: e.fee, mint: e.mint, model: e.model },
  ]);
}
