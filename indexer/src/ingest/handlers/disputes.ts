import type { EventData } from '../events.js';
import { cidHex } from '../events.js';
import { add, newDispute, sub } from '../fold/rows.js';
import { chainOf } from '../fold/state.js';
import { type FoldContext, isSpl, jobRow, modelRow, pay } from './context.js';
import { bumpOracle } from './oracles.js';

function disputeRow(ctx: FoldContext, job: string) {
  const row = ctx.state.disputes.get(job) ?? newDispute(job, chainOf(ctx.e));
  Object.assign(row, chainOf(ctx.e));
  return ctx.state.disputes.set(job, row);
}

/** `dispute_job`: the requester contests a delivered result within the window. */
export function onJobDisputed(ctx: FoldContext, d: EventData<'JobDisputed'>): void {
  const job = jobRow(ctx, d.job);
  job.status = 'disputed';
  job.status_pos = ctx.e.pos;
  Object.assign(disputeRow(ctx, d.job), {
    model: job.model,
    requester: d.requester,
    reason_cid: d.reasonCid,
    reason_hash: cidHex(d.reasonCid),
    opened_at: ctx.e.blockTime,
    status: 'open',
  });
  job.resolve_by = d.resolveBy;
}

/** `refund_expired` of a disputed job: the arbiter let `resolve_by` pass; the requester got it all back. */
export function expireDispute(ctx: FoldContext, job: string, refund: string): void {
  if (ctx.state.disputes.get(job)?.status !== 'open') return;
  Object.assign(disputeRow(ctx, job), { status: 'expired', refunded: refund, resolved_at: ctx.e.blockTime });
}

/** `resolve_dispute`: refund_bps of the escrow back, the rest split as a settlement. */
export function onDisputeResolved(ctx: FoldContext, d: EventData<'DisputeResolved'>): void {
  const job = jobRow(ctx, d.job);
  Object.assign(job, {
    refund_bps: d.refundBps,
    refunded: d.refund,
    creator_share: d.payeeShare,
    fee: d.fee,
    finished_at: ctx.e.blockTime,
    outcome: 'resolved',
    status: 'settled',
    status_pos: ctx.e.pos,
  });
  Object.assign(disputeRow(ctx, d.job), {
    model: job.model,
    requester: job.requester,
    status: 'resolved',
    arbiter: d.arbiter,
    refund_bps: d.refundBps,
    refunded: d.refund,
    resolved_at: ctx.e.blockTime,
  });
  if (d.refundBps > 0) bumpOracle(ctx, job.oracle, 'disputes_lost');
  if (!job.model) return;
  const model = modelRow(ctx, job.model);
  const inference = job.kind !== 'training';
  if (inference) model.gross_revenue = add(model.gross_revenue, add(d.payeeShare, d.fee));
  // A disputed training job publishes nothing: its model goes back to draft.
  else if (model.status === 'training') model.status = 'draft';
  if (isSpl(job.mint)) model.escrowed = sub(model.escrowed, add(d.refund, add(d.payeeShare, d.fee)));
  const payee = inference ? job.model : (ctx.state.oracles.get(job.oracle ?? '')?.authority ?? job.oracle ?? 'unknown');
  const mint = job.mint ?? 'unknown';
  const treasury = isSpl(job.mint) ? (ctx.state.currentConfig()?.treasury ?? 'treasury') : ctx.state.feeVault;
  pay(ctx, job.model, [
    { kind: 'job_refund', from: d.job, to: job.requester ?? 'unknown', amount: d.refund, mint, job: d.job },
    {
      kind: inference ? 'job_creator_share' : 'job_oracle_share',
      from: d.job,
      to: payee,
      amount: d.payeeShare,
      mint,
      job: d.job,
    },
    { kind: 'job_fee', from: d.job, to: treasury, amount: d.fee, mint, job: d.job },
  ]);
}
