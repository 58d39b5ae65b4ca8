import type { JobStatus } from '@modelmint/migrations';
import type { EventData } from '../events.js';
import { cidHex } from '../events.js';
import { add, type JobRow, sub } from '../fold/rows.js';
import {
  enumOf,
  type FoldContext,
  isSpl,
  JOB_KINDS,
  jobRow,
  loggedTime,
  modelRow,
  PAYMENT_MODES,
  pay,
} from './context.js';
import { expireDispute } from './disputes.js';
import { bumpOracle } from './oracles.js';
import { usePass } from './passes.js';

function setStatus(ctx: FoldContext, job: JobRow, status: JobStatus): void {
  job.status = status;
  job.status_pos = ctx.e.pos;
}

/** `request_generation`, `request_training`: the job and its escrow. */
export function onJobRequested(ctx: FoldContext, d: EventData<'JobRequested'>): void {
  const job = jobRow(ctx, d.job);
  const kind = enumOf(JOB_KINDS, d.kind, 'job kind');
  const mode = enumOf(PAYMENT_MODES, d.mode, 'payment mode');
  const config = ctx.state.currentConfig();
  const timeout = kind === 'training' ? config?.training_timeout_secs : config?.inference_timeout_secs;
  Object.assign(job, {
    requester: d.requester,
    nonce: d.nonce,
    kind,
    model: d.model,
    version: String(d.version),
    weights_cid: d.weightsCid,
    weights_hash: cidHex(d.weightsCid),
    mode,
    escrowed: d.escrow,
    mint: d.paymentMint,
    input_cid: d.inputCid,
    input_hash: cidHex(d.inputCid),
    dataset_hash: kind === 'training' ? cidHex(d.inputCid) : null,
    config_cid: d.configCid,
    config_hash: cidHex(d.configCid),
    fee_bps: d.feeBps,
    // The program's clock at the request; from older programs: deadline - the config's timeout
    // (exact), else the block time.
    created_at: loggedTime(d.createdAt, timeout === undefined ? ctx.e.blockTime : sub(d.deadline, timeout)),
    deadline: d.deadline,
    delivered_at: job.delivered_at ?? '0',
  });
  setStatus(ctx, job, 'open');
  const model = modelRow(ctx, d.model);
  if (kind === 'training' && model.status === 'draft') model.status = 'training';
  if (mode === 'pass') {
    usePass(ctx, d.model, d.requester, d.escrow);
    const pass = ctx.state.pda('pass', d.model, d.requester);
    pay(ctx, d.model, [
      { kind: 'job_escrow', from: pass, to: d.job, amount: d.escrow, mint: d.paymentMint, job: d.job },
    ]);
  } else {
    if (isSpl(d.paymentMint)) model.escrowed = add(model.escrowed, d.escrow);
    pay(ctx, d.model, [
      { kind: 'job_escrow', from: d.requester, to: d.job, amount: d.escrow, mint: d.paymentMint, job: d.job },
    ]);
  }
}

export function onJobClaimed(ctx: FoldContext, d: EventData<'JobClaimed'>): void {
  const job = jobRow(ctx, d.job);
  job.oracle = d.oracle;
  job.claimed_at = d.claimedAt;
  setStatus(ctx, job, 'claimed');
}

export function onResultSubmitted(ctx: FoldContext, d: EventData<'ResultSubmitted'>): void {
  const job = jobRow(ctx, d.job);
  Object.assign(job, {
    oracle: d.oracle,
    result_cid: d.resultCid,
    result_hash: cidHex(d.resultCid),
    delivered_at: d.deliveredAt,
  });
  setStatus(ctx, job, 'delivered');
}

/** A full refund (fail_job, refund_expired): the escrow goes back; a training model falls back to draft. */
function refundInFull(ctx: FoldContext, job: JobRow, refund: string): void {
  job.refunded = refund;
  job.finished_at = ctx.e.blockTime;
  setStatus(ctx, job, 'refunded');
  if (!job.model) return;
  const model = modelRow(ctx, job.model);
  if (isSpl(job.mint)) model.escrowed = sub(model.escrowed, refund);
  if (job.kind === 'training' && model.status === 'training') model.status = 'draft';
  pay(ctx, job.model, [
    {
      kind: 'job_refund',
      from: job.address,
      to: job.requester ?? 'unknown',
      amount: refund,
      mint: job.mint ?? 'unknown',
      job: job.address,
    },
  ]);
}

/** `fail_job`: the claiming oracle gives up; full refund. */
export function onJobFailed(ctx: FoldContext, d: EventData<'JobFailed'>): void {
  const job = jobRow(ctx, d.job);
  job.oracle = d.oracle;
  job.failure_code = d.reasonCode;
  job.outcome = 'failed';
  refundInFull(ctx, job, d.refund);
  bumpOracle(ctx, d.oracle, 'jobs_failed');
}

/** `refund_expired`: past the deadline (or a dispute's `resolve_by`), anyone refunds in full. */
export function onJobExpired(ctx: FoldContext, d: EventData<'JobExpired'>): void {
  const job = jobRow(ctx, d.job);
  job.outcome = 'expired';
  if (job.status === 'disputed') expireDispute(ctx, d.job, d.refund);
  refundInFull(ctx, job, d.refund);
}

/**
 * `settle_job`: after the window the payee (the model for inference, the oracle's authority for
 * training) gets the escrow less the fee. Inference counts a use and revenue.
 */
export function onJobSettled(ctx: FoldContext, d: EventData<'JobSettled'>): void {
  const job = jobRow(ctx, d.job);
  job.model ??= d.model;
  job.mint ??= d.paymentMint;
  const inference = job.kind ? job.kind === 'inference' : d.payee === d.model;
  Object.assign(job, {
    creator_share: d.payeeShare,
    fee: d.fee,
    finished_at: loggedTime(d.settledAt, ctx.e.blockTime),
    outcome: 'settled',
  });
  setStatus(ctx, job, 'settled');
  const gross = add(d.payeeShare, d.fee);
  const model = modelRow(ctx, d.model);
  if (inference) {
    model.uses = add(model.uses, '1');
    model.gross_revenue = add(model.gross_revenue, gross);
  }
  if (isSpl(d.paymentMint)) model.escrowed = sub(model.escrowed, gross);
  bumpOracle(ctx, job.oracle, 'jobs_completed');
  // SOL fees accrue in the fee vault; SPL fees go to the treasury's token account.
  const treasury = isSpl(d.paymentMint) ? (ctx.state.currentConfig()?.treasury ?? 'treasury') : ctx.state.feeVault;
  pay(ctx, d.model, [
    {
      kind: inference ? 'job_creator_share' : 'job_oracle_share',
      from: d.job,
      to: d.payee,
      amount: d.payeeShare,
      mint: d.paymentMint,
      job: d.job,
    },
    { kind: 'job_fee', from: d.job, to: treasury, amount: d.fee, mint: d.paymentMint, job: d.job },
  ]);
}

/** `close_job`: the requester took back the rent; the row stays, `closed`. */
export function onJobClosed(ctx: FoldContext, d: EventData<'JobClosed'>): void {
  const job = jobRow(ctx, d.job);
  job.closed = true;
}
