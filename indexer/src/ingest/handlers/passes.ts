import type { EventData } from '../events.js';
import { add, newPass, type PassRow, sub } from '../fold/rows.js';
import { chainOf } from '../fold/state.js';
import { type FoldContext, isSpl, modelRow, pairKey, pay } from './context.js';

function passRow(ctx: FoldContext, model: string, wallet: string): PassRow {
  const key = pairKey(model, wallet);
  const row = ctx.state.passes.get(key) ?? newPass(model, wallet, chainOf(ctx.e));
  Object.assign(row, chainOf(ctx.e));
  return ctx.state.passes.set(key, row);
}

/** `buy_pass`: `uses` uses at `unit_price`; the price goes into the pass's escrow. */
export function onPassBought(ctx: FoldContext, d: EventData<'PassBought'>): void {
  const row = passRow(ctx, d.model, d.user);
  const balance = row.closed ? '0' : row.escrowed;
  Object.assign(row, {
    uses_left: String(d.uses),
    unit_price: d.unitPrice,
    price: d.amount,
    size: String(d.uses),
    escrowed: add(balance, d.amount),
    mint: d.paymentMint,
    closed: false,
    bought_pos: ctx.e.pos,
  });
  if (isSpl(d.paymentMint)) {
    const model = modelRow(ctx, d.model);
    model.escrowed = add(model.escrowed, d.amount);
  }
  const pass = ctx.state.pda('pass', d.model, d.user);
  pay(ctx, d.model, [{ kind: 'pass_escrow', from: d.user, to: pass, amount: d.amount, mint: d.paymentMint }]);
}

/** Closing a pass (by its holder, or with `revoke_access`) refunds its balance and closes the account. */
export function closePass(ctx: FoldContext, model: string, user: string, refund: string): void {
  const row = passRow(ctx, model, user);
  const mint = row.mint ?? ctx.state.models.get(model)?.payment_mint ?? null;
  Object.assign(row, { uses_left: '0', escrowed: '0', closed: true });
  if (isSpl(mint)) {
    const m = modelRow(ctx, model);
    m.escrowed = sub(m.escrowed, refund);
  }
  const pass = ctx.state.pda('pass', model, user);
  pay(ctx, model, [{ kind: 'pass_refund', from: pass, to: user, amount: refund, mint: mint ?? 'unknown' }]);
}

export function onPassClosed(ctx: FoldContext, d: EventData<'PassClosed'>): void {
  closePass(ctx, d.model, d.user, d.refund);
}

/** A pass-mode request takes one use and its amount from the pass. */
export function usePass(ctx: FoldContext, model: string, user: string, amount: string): void {
  const row = passRow(ctx, model, user);
  const left = BigInt(row.uses_left);
  row.uses_left = (left > 0n ? left - 1n : 0n).toString();
  row.escrowed = sub(row.escrowed, amount);
}
