import { chainOf, type EventContext } from '../context.js';
import type { JobRated } from '../events.js';
import { addModelStats } from './models.js';

/** `rate_job`: once per settled job (the program enforces it; the primary key mirrors it). */
export async function onJobRated(ctx: EventContext, e: JobRated): Promise<void> {
  const inserted = await ctx.trx
    .insertInto('ratings')
    .values({ job: e.job, model: e.model, rater: e.rater, rating: e.rating, rated_at: e.ratedAt, ...chainOf(ctx) })
    .onConflict((oc) => oc.column('job').doNothing())
    .returning('job')
    .executeTakeFirst();
  if (inserted) await addModelStats(ctx, e.model, { rating_sum: String(e.rating), rating_count: '1' });
}
