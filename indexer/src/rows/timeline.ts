import type { JobStatus } from '@modelmint/migrations';
import type { EventContext } from '../ingest/context.js';
import type { ModelmintEvent } from '../ingest/events.js';

/** Appends one entry to a job's timeline. */
export async function addTimeline(
  ctx: EventContext,
  event: ModelmintEvent & { job: string },
  status: JobStatus | null,
  actor: string | null,
): Promise<void> {
  await ctx.trx
    .insertInto('job_timeline')
    .values({
      signature: ctx.signature,
      event_index: ctx.eventIndex,
      job: event.job,
      event: event.name,
      status,
      actor,
      slot: ctx.slot,
      pos: ctx.pos,
      block_time: ctx.blockTime,
      commitment: ctx.commitment,
      detail: event,
    })
    .onConflict((oc) => oc.columns(['signature', 'event_index']).doNothing())
    .execute();
}
