import type { EventData } from '../events.js';
import { posGt } from '../fold/rows.js';
import { chainOf } from '../fold/state.js';
import type { FoldContext } from './context.js';

/** `initialize_config`, `update_config`, `set_paused`: the whole config; the latest position wins. */
export function onConfigUpdated(ctx: FoldContext, d: EventData<'ConfigUpdated'>): void {
  const address = ctx.state.configAddress;
  const row = ctx.state.config.get(address);
  if (row && !posGt(ctx.e.pos, row.pos)) return;
  ctx.state.config.set(address, {
    address,
    admin: d.admin,
    treasury: d.treasury,
    arbiter: d.arbiter,
    fee_bps: d.feeBps,
    dispute_window_secs: d.disputeWindowSecs,
    inference_timeout_secs: d.inferenceTimeoutSecs,
    training_timeout_secs: d.trainingTimeoutSecs,
    paused: d.paused,
    ...chainOf(ctx.e),
  });
}
