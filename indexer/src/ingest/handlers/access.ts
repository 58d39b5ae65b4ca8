import { chainOf, type EventContext, latestChain, newerAll } from '../context.js';
import type { AccessGranted, AccessRevoked } from '../events.js';
import { closePass } from './passes.js';

async function upsertGrant(ctx: EventContext, model: string, wallet: string, expiresAt: string, revoked: boolean) {
  await ctx.trx
    .insertInto('access_grants')
    .values({ model, wallet, expires_at: expiresAt, revoked, ...chainOf(ctx) })
    .onConflict((oc) =>
      oc
        .columns(['model', 'wallet'])
        .doUpdateSet({ ...newerAll('access_grants', ['expires_at', 'revoked']), ...latestChain('access_grants') }),
    )
    .execute();
}

export async function onAccessGranted(ctx: EventContext, e: AccessGranted): Promise<void> {
  await upsertGrant(ctx, e.model, e.user, e.expiresAt, false);
}

/** `revoke_access` also refunds and closes the user's pass. */
export async function onAccessRevoked(ctx: EventContext, e: AccessRevoked): Promise<void> {
  await upsertGrant(ctx, e.model, e.user, '0', true);
  await closePass(ctx, { model: e.model, user: e.user, pass: e.pass, refunded: e.passRefund, mint: e.mint });
}
