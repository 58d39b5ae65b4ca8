import type { DisputeStatus, Job, JobStatus } from '@modelmint/migrations';
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/index.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { InvalidCursorError } from './models.js';

export interface JobQuery {
  requester?: string | undefined;
  model?: string | undefined;
  oracle?: string | undefined;
  status?: JobStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface TimelineEntry {
  signature: string;
  event_index: number;
  event: string;
  status: string | null;
  actor: string | null;
  slot: string;
  block_time: string | null;
  commitment: string;
}

export type JobWithTimeline = Job & { timeline: TimelineEntry[] };

/** The timelines of some jobs, in chain order. */
async function timelines(db: DbOrTrx, jobs: string[]): Promise<Map<string, TimelineEntry[]>> {
  const out = new Map<string, TimelineEntry[]>();
  if (jobs.length === 0) return out;
  const rows = await db
    .selectFrom('job_timeline')
    .select(['job', 'signature', 'event_index', 'event', 'status', 'actor', 'slot', 'block_time', 'commitment'])
    .where('job', 'in', jobs)
    .orderBy('pos')
    .orderBy('event_index')
    .execute();
  for (const { job, ...entry } of rows) out.set(job, [...(out.get(job) ?? []), entry]);
  return out;
}

/** Jobs by requester, model and/or oracle, newest first (keyset pages), each with its timeline. */
export async function listJobs(
  db: DbOrTrx,
  q: JobQuery,
): Promise<{ items: JobWithTimeline[]; nextCursor: string | null }> {
  let query = db.selectFrom('jobs').selectAll();
  if (q.requester) query = query.where('requester', '=', q.requester);
  if (q.model) query = query.where('model', '=', q.model);
  if (q.oracle) query = query.where('oracle', '=', q.oracle);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if (!c) throw new InvalidCursorError('invalid cursor');
    query = query.where(sql<boolean>`(pos, address) < (${c.v}::numeric, ${c.a})`);
  }
  const rows = await query
    .orderBy('pos', 'desc')
    .orderBy('address', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const lines = await timelines(
    db,
    page.map((j) => j.address),
  );
  const last = page.at(-1);
  return {
    items: page.map((j) => ({ ...j, timeline: lines.get(j.address) ?? [] })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ v: last.pos, a: last.address }) : null,
  };
}

export async function getJob(db: DbOrTrx, address: string): Promise<JobWithTimeline | null> {
  const job = await db.selectFrom('jobs').selectAll().where('address', '=', address).executeTakeFirst();
  if (!job) return null;
  return { ...job, timeline: (await timelines(db, [address])).get(address) ?? [] };
}

/** A wallet's subscriptions, passes and grants. */
export async function userAccess(db: DbOrTrx, wallet: string) {
  const [subscriptions, passes, grants] = await Promise.all([
    db.selectFrom('subscriptions').selectAll().where('wallet', '=', wallet).orderBy('expires_at', 'desc').execute(),
    db.selectFrom('passes').selectAll().where('wallet', '=', wallet).orderBy('pos', 'desc').execute(),
    db.selectFrom('access_grants').selectAll().where('wallet', '=', wallet).orderBy('pos', 'desc').execute(),
  ]);
  return { subscriptions, passes, grants };
}

export type Bucket = 'hour' | 'day' | 'week' | 'month';
const BUCKET_SECS: Record<Bucket, number> = { hour: 3600, day: 86_400, week: 604_800, month: 2_592_000 };

/**
 * Revenue of a model by time bucket, from the payments ledger: gross (what buyers paid for uses
 * and subscriptions), the creator's share, the platform's fees, and the number of payments.
 */
export async function revenue(db: DbOrTrx, model: string, bucket: Bucket, from?: string, to?: string) {
  const size = BUCKET_SECS[bucket];
  const rows = await sql<{ start: string; gross: string; creator: string; fees: string; payments: string }>`
    select (floor(block_time / ${size}) * ${size})::bigint::text as start,
      sum(amount)::text as gross,
      coalesce(sum(amount) filter (where kind in ('job_creator_share', 'subscription_creator_share')), 0)::text as creator,
      coalesce(sum(amount) filter (where kind in ('job_fee', 'subscription_fee')), 0)::text as fees,
      count(*) filter (where kind in ('job_creator_share', 'subscription_creator_share'))::text as payments
    from payments
    where model = ${model} and block_time is not null
      and kind in ('job_creator_share', 'subscription_creator_share', 'job_fee', 'subscription_fee')
      and (payments.job is null or exists (select 1 from jobs j where j.address = payments.job and j.kind = 'inference'))
      ${from ? sql`and block_time >= ${from}` : sql``} ${to ? sql`and block_time < ${to}` : sql``}
    group by 1 order by 1`.execute(db);
  return rows.rows;
}

/** Disputed jobs awaiting the arbiter, oldest first (or every dispute with `status`). */
export async function disputes(db: DbOrTrx, status: DisputeStatus, limit: number) {
  return db
    .selectFrom('disputes')
    .innerJoin('jobs', 'jobs.address', 'disputes.job')
    .select([
      'disputes.job',
      'disputes.model',
      'disputes.requester',
      'disputes.reason_cid',
      'disputes.opened_at',
      'disputes.status',
      'disputes.arbiter',
      'disputes.refund_bps',
      'disputes.refunded',
      'disputes.resolved_at',
      'jobs.oracle',
      'jobs.escrowed',
      'jobs.mint',
      'jobs.result_cid',
      'jobs.delivered_at',
      'jobs.resolve_by',
    ])
    .where('disputes.status', '=', status)
    .orderBy('disputes.opened_at', status === 'open' ? 'asc' : 'desc')
    .limit(limit)
    .execute();
}

/** Oracles with their on-chain counters and what the jobs table says about them. */
export interface OracleStats {
  address: string;
  authority: string | null;
  attestation_key: string | null;
  capabilities: number | null;
  active: boolean | null;
  jobs_completed: string;
  jobs_failed: string;
  disputes_lost: string;
  in_progress: string;
  avg_response_secs: number | null;
}

export async function oracles(db: DbOrTrx): Promise<OracleStats[]> {
  const rows = await sql<OracleStats>`
    select o.address, o.authority, o.attestation_key, o.capabilities, o.active,
      o.jobs_completed::text as jobs_completed, o.jobs_failed::text as jobs_failed,
      o.disputes_lost::text as disputes_lost,
      coalesce(s.in_progress, 0)::text as in_progress, s.avg_response_secs
    from oracles o left join (
      select oracle,
        count(*) filter (where status in ('claimed', 'delivered', 'disputed')) as in_progress,
        round(avg(delivered_at - created_at) filter (where delivered_at > 0), 3)::float8 as avg_response_secs
      from jobs where oracle is not null group by oracle) s on s.oracle = o.address
    order by o.address`.execute(db);
  return rows.rows;
}

/** A model's usage and quality figures, from its row and its jobs. */
export async function modelStats(db: DbOrTrx, model: string) {
  const row = await sql<{
    jobs: string;
    settled: string;
    failed: string;
    expired: string;
    disputed: string;
    refunded_in_dispute: string;
    open: string;
    avg_response_secs: number | null;
  }>`select count(*)::text as jobs,
      count(*) filter (where outcome = 'settled')::text as settled,
      count(*) filter (where outcome = 'failed')::text as failed,
      count(*) filter (where outcome = 'expired')::text as expired,
      count(*) filter (where outcome = 'resolved')::text as disputed,
      count(*) filter (where outcome = 'resolved' and refund_bps > 0)::text as refunded_in_dispute,
      count(*) filter (where outcome is null)::text as open,
      round(avg(delivered_at - created_at) filter (where delivered_at > 0), 3)::float8 as avg_response_secs
    from jobs where model = ${model} and kind = 'inference'`.execute(db);
  const s = row.rows[0];
  if (!s) return null;
  const finished = Number(s.settled) + Number(s.failed) + Number(s.expired) + Number(s.disputed);
  const rate = (n: string) => (finished === 0 ? null : Number(n) / finished);
  return {
    ...s,
    success_rate: rate(String(Number(s.settled) + Number(s.disputed) - Number(s.refunded_in_dispute))),
    failure_rate: rate(String(Number(s.failed) + Number(s.expired) + Number(s.refunded_in_dispute))),
  };
}
