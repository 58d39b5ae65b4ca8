import { addPayments } from '../../rows/payments.js';
import { chainOf, type EventContext, latestChain, newerAll } from '../context.js';
import type { PassBought, PassClosed, PassState } from '../events.js';

const STATE = ['uses_left', 'escrowed', 'closed'] as const;

async function upsertPass(
  ctx: EventContext,
  model: string,
  wallet: string,
  state: { uses_left: string; escrowed: string; closed: boolean },
  purchase?: { unit_price: string; mint: string },
): Promise<void> {
  await ctx.trx
    .insertInto('passes')
    .values({
      model,
      wallet,
      unit_price: '0',
      ...state,
      ...(purchase ? { ...purchase, bought_pos: ctx.pos } : {}),
      ...chainOf(ctx),
    })
    .onConflict((oc) =>
      oc.columns(['model', 'wallet']).doUpdateSet({
        ...newerAll('passes', STATE),
        ...(purchase ? newerAll('passes', ['unit_price', 'mint'], 'bought_pos') : {}),
        ...latestChain('passes'),
      }),
    )
    .execute();
}

/** `buy_pass`: the money goes into the pass's escrow; the row takes the pass's new balance. */
export async function onPassBought(ctx: EventContext, e: PassBought): Promise<void> {
  await upsertPass(
    ctx,
    e.model,
    e.user,
    { uses_left: e.usesLeft, escrowed: e.escrowed, closed: false },
    { unit_price: e.unitPrice, mint: e.mint },
  );
  await addPayments(ctx, [
    { kind: 'pass_escrow', from: e.user, to: e.pass, amount: e.amount, mint: e.mint, model: e.model },
  ]);
}

export interface PassClosure {
  model: string;
  user: string;
  pass: string;
  refunded: string;
  mint: string;
}

/** Closing a pass (by its holder or by `revoke_access`) refunds the unused balance. */
export async function closePass(ctx: EventContext, c: PassClosure): Promise<void> {
  await upsertPass(ctx, c.model, c.user, { uses_left: '0', escrowed: '0', closed: true });
  await addPayments(ctx, [
    { kind: 'pass_refund', from: c.pass, to: c.user, amount: c.refunded, mint: c.mint, model: c.model },
  ]);
}

export async function onPassClosed(ctx: EventContext, e: PassClosed): Promise<void> {
  await closePass(ctx, e);
}

/** A pass-mode job used the pass: the row takes the balance the event reports. */
export async function applyPassState(ctx: EventContext, model: string, state: PassState): Promise<void> {
  await upsertPass(ctx, model, state.user, { uses_left: state.usesLeft, escrowed: state.escrowed, closed: false });
}
