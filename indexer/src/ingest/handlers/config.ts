import type { EventData } from '../events.js';
import { posGt } from '../fold/rows.js';
import { chainOf } from '../fold/state.js';
import { type FoldContext, pay } from './context.js';

/** The program's default dispute resolution time (14 days), for events logged before the field. */
const DEFAULT_DISPUTE_RESOLUTION_SECS = '1209600';

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
    dispute_resolution_secs:
      d.disputeResolutionSecs === '0' ? DEFAULT_DISPUTE_RESOLUTION_SECS : d.disputeResolutionSecs,
    ...chainOf(ctx.e),
  });
}

/** `set_trusted_mint`: the mint joins or leaves the trusted list; the latest position wins. */
export function onTrustedMintSet(ctx: FoldContext, d: EventData<'TrustedMintSet'>): void {
  const row = ctx.state.trustedMints.get(d.mint);
  if (row && !posGt(ctx.e.pos, row.pos)) return;
  ctx.state.trustedMints.set(d.mint, { mint: d.mint, removed: !d.trusted, ...chainOf(ctx.e) });
}

/** `withdraw_fees`: the SOL fees accrued in the fee vault go to the treasury (a ledger leg of no model). */
export function onFeesWithdrawn(ctx: FoldContext, d: EventData<'FeesWithdrawn'>): void {
  const feeVault = ctx.state.feeVault;
  pay(ctx, null, [{ kind: 'fee_withdrawal', from: feeVault, to: d.treasury, amount: d.amount, mint: NONE }]);
}

/** The payment mint of SOL (the all-zero address). */
const NONE = '11111111111111111111111111111111';
