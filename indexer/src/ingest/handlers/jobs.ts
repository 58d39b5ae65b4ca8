import type { JobStatus, NewJob } from '@modelmint/migrations';
import { addPayments } from '../../rows/payments.js';
import { addTimeline } from '../../rows/timeline.js';
import { chainOf, type EventContext, filled, latestChain, newerAll } from '../context.js';
import type { JobClaimed, JobFailed, JobRefunded, JobRequested, JobSettled, ResultSubmitted } from '../events.js';
import { addModelStats } from './models.js';
import { bumpOracle } from './oracles.js';
import { applyPassState } from './passes.js';

type JobFields = Omit<NewJob, 'address' | 'status' | 'status_pos' | 'slot' | 'signature' | 'commitment' | 'pos'>;

/**
 * Writes a job's fields and moves its status. Fields are each written by one event (so any order
 * gives the same row); the status follows the latest position.
 */
export async function upsertJob(ctx: EventContext, job: string, status: JobStatus, fields: JobFields): Promise<void> {
  const columns = Object.keys(fields);
  await ctx.trx
    .insertInto('jobs')
    .values({ address: job, status, status_pos: ctx.pos, ...fields, ...chainOf(ctx) })
    .onConflict((oc) =>
      oc.column('address').doUpdateSet({
        ...Object.fromEntries(columns.map((c) => [c, filled('jobs', c)] as const)),
        ...newerAll('jobs', ['status'], 'status_pos'),
        ...latestChain('jobs'),
      }),
    )
    .execute();
}

export async function onJobRequested(ctx: EventContext, e: JobRequested): Promise<void> {
  await upsertJob(ctx, e.job, 'open', {
    requester: e.requester,
    nonce: e.nonce,
    kind: e.kind,
    model: e.model,
    version: String(e.version),
    weights_hash: e.weightsHash,
    mode: e.mode,
    escrowed: e.escrowed,
    mint: e.mint,
    input_hash: e.inputHash,
    input_cid: e.inputCid,
    dataset_hash: e.datasetHash,
    config_hash: e.configHash,
    created_at: e.createdAt,
    deadline: e.deadline,
  });
  await addTimeline(ctx, e, 'open', e.requester);
  await addPayments(ctx, [
    { kind: 'job_escrow', from: e.requester, to: e.job, amount: e.escrowed, mint: e.mint, job: e.job, model: e.model },
  ]);
  if (e.passState) await applyPassState(ctx, e.model, e.passState);
}

export async function onJobClaimed(ctx: EventContext, e: JobClaimed): Promise<void> {
  await upsertJob(ctx, e.job, 'claimed', { oracle: e.oracle, claimed_at: e.claimedAt });
  await addTimeline(ctx, e, 'claimed', e.oracle);
}

export async function onResultSubmitted(ctx: EventContext, e: ResultSubmitted): Promise<void> {
  await upsertJob(ctx, e.job, 'delivered', {
    oracle: e.oracle,
    result_hash: e.resultHash,
    result_cid: e.resultCid,
    delivered_at: e.deliveredAt,
  });
  await addTimeline(ctx, e, 'delivered', e.oracle);
}

/** `fail_job`: the oracle gives up and the requester is refunded in full. */
export async function onJobFailed(ctx: EventContext, e: JobFailed): Promise<void> {
  await upsertJob(ctx, e.job, 'refunded', {
    oracle: e.oracle,
    requester: e.requester,
    failure_code: e.reasonCode,
    refunded: e.refunded,
    finished_at: e.failedAt,
  });
  await addTimeline(ctx, e, 'refunded', e.oracle);
  await addPayments(ctx, [
    { kind: 'job_refund', from: e.job, to: e.requester, amount: e.refunded, mint: e.mint, job: e.job },
  ]);
  await bumpOracle(ctx, e.oracle, 'jobs_failed');
}

/** `refund_expired`: past the deadline, anyone refunds the requester in full. */
export async function onJobRefunded(ctx: EventContext, e: JobRefunded): Promise<void> {
  await upsertJob(ctx, e.job, 'refunded', { requester: e.requester, refunded: e.refunded, finished_at: e.refundedAt });
  await addTimeline(ctx, e, 'refunded', null);
  await addPayments(ctx, [
    { kind: 'job_refund', from: e.job, to: e.requester, amount: e.refunded, mint: e.mint, job: e.job },
  ]);
}

/** `settle_job`: after the dispute window, the creator's share goes to the model and the fee to the treasury. */
export async function onJobSettled(ctx: EventContext, e: JobSettled): Promise<void> {
  await upsertJob(ctx, e.job, 'settled', {
    model: e.model,
    oracle: e.oracle,
    kind: e.kind,
    mode: e.mode,
    mint: e.mint,
    creator_share: e.creatorShare,
    fee: e.fee,
    finished_at: e.settledAt,
  });
  await addTimeline(ctx, e, 'settled', null);
  await addPayments(ctx, [
    {
      kind: 'job_creator_share',
      from: e.source,
      to: e.model,
      amount: e.creatorShare,
      mint: e.mint,
      job: e.job,
      model: e.model,
    },
    { kind: 'job_fee', from: e.source, to: e.treasury, amount: e.fee, mint: e.mint, job: e.job, model: e.model },
  ]);
  await addModelStats(
    ctx,
    e.model,
    e.kind === 'inference' ? { uses: '1', gross_revenue: e.amount } : { gross_revenue: e.amount },
  );
  await bumpOracle(ctx, e.oracle, 'jobs_completed');
  if (e.passState) await applyPassState(ctx, e.model, e.passState);
}
