import type { EventData } from '../events.js';
import { add, NONE_ADDRESS } from '../fold/rows.js';
import { chainOf } from '../fold/state.js';
import { type FoldContext, jobRow, modelRow } from './context.js';

/** `rate_job`: once per settled job (the program enforces it). */
export function onJobRated(ctx: FoldContext, d: EventData<'JobRated'>): void {
  const job = jobRow(ctx, d.job);
  job.rating = d.rating;
  ctx.state.ratings.set(d.job, {
    job: d.job,
    model: d.model,
    rater: job.requester ?? NONE_ADDRESS,
    rating: d.rating,
    rated_at: ctx.e.blockTime,
    ...chainOf(ctx.e),
  });
  const model = modelRow(ctx, d.model);
  model.rating_sum = add(model.rating_sum, String(d.rating));
  model.rating_count = add(model.rating_count, '1');
}
