import type { PaymentKind } from '@modelmint/migrations';
import type { EventContext } from '../ingest/context.js';

export interface PaymentLeg {
  kind: PaymentKind;
  from: string;
  to: string;
  amount: string;
  mint: string;
  job?: string | null;
  model?: string | null;
}

/** Appends the event's money movements to the ledger; zero legs are skipped. */
export async function addPayments(ctx: EventContext, legs: PaymentLeg[]): Promise<void> {
  const rows = legs
    .filter((leg) => BigInt(leg.amount) > 0n)
    .map((leg, leg_index) => ({
      signature: ctx.signature,
      event_index: ctx.eventIndex,
      leg: leg_index,
      kind: leg.kind,
      job: leg.job ?? null,
      model: leg.model ?? null,
      from_address: leg.from,
      to_address: leg.to,
      amount: leg.amount,
      mint: leg.mint,
      slot: ctx.slot,
      pos: ctx.pos,
      block_time: ctx.blockTime,
      commitment: ctx.commitment,
    }));
  if (rows.length === 0) return;
  await ctx.trx
    .insertInto('payments')
    .values(rows)
    .onConflict((oc) => oc.columns(['signature', 'event_index', 'leg']).doNothing())
    .execute();
}
