import { chainOf, type EventContext, latestChain, newerAll } from '../context.js';
import type { ConfigUpdated } from '../events.js';

const FIELDS = [
  'admin',
  'treasury',
  'arbiter',
  'fee_bps',
  'dispute_window_secs',
  'inference_timeout_secs',
  'training_timeout_secs',
  'paused',
] as const;

/** `initialize_config`, `update_config`, `set_paused`: the config row takes the latest values. */
export async function onConfigUpdated(ctx: EventContext, e: ConfigUpdated): Promise<void> {
  await ctx.trx
    .insertInto('config')
    .values({
      address: e.config,
      admin: e.admin,
      treasury: e.treasury,
      arbiter: e.arbiter,
      fee_bps: e.feeBps,
      dispute_window_secs: e.disputeWindowSecs,
      inference_timeout_secs: e.inferenceTimeoutSecs,
      training_timeout_secs: e.trainingTimeoutSecs,
      paused: e.paused,
      ...chainOf(ctx),
    })
    .onConflict((oc) => oc.column('address').doUpdateSet({ ...newerAll('config', FIELDS), ...latestChain('config') }))
    .execute();
}
