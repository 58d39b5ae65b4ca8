import type { PaymentKind } from '@modelmint/migrations';
import { type JobRow, type ModelRow, NONE_ADDRESS, newJob, newModel } from '../fold/rows.js';
import type { FoldEvent, FoldState } from '../fold/state.js';
import { chainOf, pairKey } from '../fold/state.js';

/** Where a handler runs: the fold's rows and the event being applied (in chain order within its model). */
export interface FoldContext {
  state: FoldState;
  e: FoldEvent;
}

export const CATEGORIES = ['caption', 'style', 'generate'] as const;
export const VISIBILITIES = ['public', 'allowlist'] as const;
export const MODEL_STATUSES = ['draft', 'training', 'ready', 'paused'] as const;
export const JOB_KINDS = ['inference', 'training'] as const;
export const PAYMENT_MODES = ['per_use', 'subscription', 'pass', 'training_fee'] as const;

/** The value of a program enum, or an error for a byte the IDL does not know. */
export function enumOf<T extends string>(values: readonly T[], index: number, what: string): T {
  const value = values[index];
  if (value === undefined) throw new RangeError(`unknown ${what} ${index}`);
  return value;
}

/** The model's row (a placeholder when the model was not seen yet), marked written by this event. */
export function modelRow(ctx: FoldContext, address: string): ModelRow {
  const row = ctx.state.models.get(address) ?? newModel(address, chainOf(ctx.e));
  Object.assign(row, chainOf(ctx.e));
  return ctx.state.models.set(address, row);
}

/** The job's row (a placeholder when its request was not seen yet), marked written by this event. */
export function jobRow(ctx: FoldContext, address: string): JobRow {
  const row = ctx.state.jobs.get(address) ?? newJob(address, chainOf(ctx.e));
  Object.assign(row, chainOf(ctx.e));
  row.model ??= ctx.e.model;
  return ctx.state.jobs.set(address, row);
}

export function isSpl(mint: string | null): boolean {
  return mint !== null && mint !== NONE_ADDRESS;
}

export { pairKey };

export interface Leg {
  kind: PaymentKind;
  from: string;
  to: string;
  amount: string;
  mint: string;
  job?: string | null;
}

/** Appends the event's money movements to the ledger (zero legs are skipped). */
/**
 * A time the program appended to an event: zero in events logged by a program from before the
 * field existed (they decode with zeros), then `fallback` stands in.
 */
export function loggedTime(value: string, fallback: string | null): string | null {
  return value === '0' ? fallback : value;
}

export function pay(ctx: FoldContext, model: string | null, legs: Leg[]): void {
  let leg = 0;
  for (const l of legs) {
    if (BigInt(l.amount) === 0n) continue;
    ctx.state.payments.push({
      signature: ctx.e.signature,
      event_index: ctx.e.eventIndex,
      leg: leg++,
      kind: l.kind,
      job: l.job ?? null,
      model,
      from_address: l.from,
      to_address: l.to,
      amount: l.amount,
      mint: l.mint,
      slot: ctx.e.slot,
      pos: ctx.e.pos,
      block_time: ctx.e.blockTime,
      commitment: ctx.e.commitment,
    });
  }
}

/** The block time of the event's transaction (the program's clock), when the source knows it. */
export function timeOf(ctx: FoldContext): string | null {
  return ctx.e.blockTime;
}
