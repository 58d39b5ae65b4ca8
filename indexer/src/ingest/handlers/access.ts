import type { EventData } from '../events.js';
import { newPass } from '../fold/rows.js';
import { chainOf } from '../fold/state.js';
import { type FoldContext, pairKey } from './context.js';
import { closePass } from './passes.js';
import { closeSubscription } from './subscriptions.js';

/** `grant_access`: creates or renews the grant. */
export function onAccessGranted(ctx: FoldContext, d: EventData<'AccessGranted'>): void {
  ctx.state.grants.set(pairKey(d.model, d.user), {
    model: d.model,
    wallet: d.user,
    expires_at: d.expiresAt,
    revoked: false,
    ...chainOf(ctx.e),
  });
}

/**
 * `revoke_access`: closes the grant (the row stays, `revoked`) unless the wallet had none; a
 * refunded pass and subscription were closed too.
 * (With a zero refund an older event does not say whether an empty pass was closed: it is left as is.)
 */
export function onAccessRevoked(ctx: FoldContext, d: EventData<'AccessRevoked'>): void {
  const key = pairKey(d.model, d.user);
  const grant = ctx.state.grants.get(key);
  if (!d.noGrant) {
    ctx.state.grants.set(key, {
      model: d.model,
      wallet: d.user,
      expires_at: grant?.expires_at ?? '0',
      revoked: true,
      ...chainOf(ctx.e),
    });
  }
  if (d.subscriptionClosed) closeSubscription(ctx, d.model, d.user, d.subscriptionRefund);
  // The revocation closed the user's pass (refunding what was left, possibly nothing).
  if (d.passClosed || BigInt(d.passRefund) > 0n) {
    if (!ctx.state.passes.get(key)) ctx.state.passes.set(key, newPass(d.model, d.user, chainOf(ctx.e)));
    closePass(ctx, d.model, d.user, d.passRefund);
  }
}
