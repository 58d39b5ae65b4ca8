import { addPayments } from '../../rows/payments.js';
import { addTimeline } from '../../rows/timeline.js';
import { chainOf, type EventContext, filled, latestChain, newerAll } from '../context.js';
import type { DisputeResolved, JobDisputed } from '../events.js';
import { upsertJob } from './jobs.js';
import { addModelStats } from './models.js';
import { bumpOracle } from './oracles.js';

const OPENING = ['model', 'requester', 'reason_hash', 'reason_cid', 'opened_at'] as const;
const RESOLUTION = ['status', 'arbiter', 'refund_bps', 'refunded', 'resolved_at'] as const;

/** `dispute_job`: the requester contests a delivered result within the window. */
export async function onJobDisputed(ctx: EventContext, e: JobDisputed): Promise<void> {
  await ctx.trx
    .insertInto('disputes')
    .values({
      job: e.job,
      model: e.model,
      requester: e.requester,
      reason_hash: e.reasonHash,
      reason_cid: e.reasonCid,
      opened_at: e.disputedAt,
      status: 'open',
      ...chainOf(ctx),
    })
    .onConflict((oc) =>
      oc.column('job').doUpdateSet({
        ...Object.fromEntries(OPENING.map((c) => [c, filled('disputes', c)] as const)),
        ...newerAll('disputes', ['status']),
        ...latestChain('disputes'),
      }),
    )
    .execute();
  await upsertJob(ctx, e.job, 'disputed', { model: e.model, requester: e.requester });
  await addTimeline(ctx, e, 'disputed', e.requester);
}

/** `resolve_dispute`: the arbiter splits the escrow; refund + creator share + fee = escrow. */
export async function onDisputeResolved(ctx: EventContext, e: DisputeResolved): Promise<void> {
  await ctx.trx
    .insertInto('disputes')
    .values({
      job: e.job,
      model: e.model,
      requester: e.requester,
      status: 'resolved',
      arbiter: e.arbiter,
      refund_bps: e.refundBps,
      refunded: e.refunded,
      resolved_at: e.resolvedAt,
      ...chainOf(ctx),
    })
    .onConflict((oc) =>
      oc.column('job').doUpdateSet({
        model: filled('disputes', 'model'),
        requester: filled('disputes', 'requester'),
        ...newerAll('disputes', RESOLUTION),
        ...latestChain('disputes'),
      }),
    )
    .execute();
  const status = BigInt(e.creatorShare) + BigInt(e.fee) > 0n ? 'settled' : 'refunded';
  await upsertJob(ctx, e.job, status, {
    model: e.model,
    oracle: e.oracle,
    requester: e.requester,
    mint: e.mint,
    refunded: e.refunded,
    creator_share: e.creatorShare,
    fee: e.fee,
    finished_at: e.resolvedAt,
  });
  await addTimeline(ctx, e, status, e.arbiter);
  await addPayments(ctx, [
    { kind: 'job_refund', from: e.job, to: e.requester, amount: e.refunded, mint: e.mint, job: e.job, model: e.model },
    {
      kind: 'job_creator_share',
      from: e.job,
      to: e.model,
      amount: e.creatorShare,
      mint: e.mint,
      job: e.job,
      model: e.model,
    },
    { kind: 'job_fee', from: e.job, to: e.treasury, amount: e.fee, mint: e.mint, job: e.job, model: e.model },
  ]);
  await addModelStats(ctx, e.model, { gross_revenue: (BigInt(e.creatorShare) + BigInt(e.fee)).toString() });
  if (e.refundBps > 0) await bumpOracle(ctx, e.oracle, 'disputes_lost');
}
