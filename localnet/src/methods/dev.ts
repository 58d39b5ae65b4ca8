// Development methods (not part of Solana's API): move the clock and slot.
import type { Handler, RpcContext } from '../context.js';
import type { JsonObject } from '../json.js';
import { toU64 } from '../params.js';
import { invalidParams } from '../rpc-error.js';

function clockOf(ctx: RpcContext): JsonObject {
  const clock = ctx.chain.svm.getClock();
  return {
    slot: clock.slot,
    unixTimestamp: clock.unixTimestamp,
    epoch: clock.epoch,
    blockHeight: ctx.chain.tip('processed').blockHeight,
  };
}

export const devMethods: Record<string, Handler> = {
  /** `[{seconds?, slots?}]`: moves unix time forward by `seconds` and the slot by `slots` (default 1). */
  modelmint_advanceClock: (ctx, p) => {
    const c = p.config(0);
    const seconds = c.u64('seconds') ?? 0n;
    const slots = c.u64('slots') ?? 1n;
    if (seconds === 0n && slots === 0n) throw invalidParams('Invalid params: give `seconds` or `slots`');
    ctx.chain.advanceClock(seconds, slots);
    return clockOf(ctx);
  },
  /** `[{unixTimestamp?, slot?}]`: sets unix time and/or jumps to a later slot. */
  modelmint_setClock: (ctx, p) => {
    const c = p.config(0);
    const unix = c.raw.unixTimestamp === undefined ? undefined : toU64(c.raw.unixTimestamp, 'unixTimestamp');
    const slot = c.u64('slot');
    if (slot !== undefined && slot <= ctx.chain.currentSlot) {
      throw invalidParams(`Invalid params: slot must be after the current slot ${ctx.chain.currentSlot}`);
    }
    ctx.chain.setClock(unix, slot);
    return clockOf(ctx);
  },
  /** The current clock sysvar. */
  modelmint_getClock: (ctx) => clockOf(ctx),
};
