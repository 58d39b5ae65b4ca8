import type { ChainColumns, Commitment } from '@modelmint/migrations';
import { type RawBuilder, sql } from 'kysely';
import type { Trx } from '../db/index.js';

/** Where a handler runs: the open database transaction and the event's place in the chain. */
export interface EventContext {
  trx: Trx;
  signature: string;
  eventIndex: number;
  slot: string;
  pos: string;
  blockTime: string | null;
  commitment: Commitment;
}

/** The chain columns of a row written by this event. */
export function chainOf(ctx: EventContext): ChainColumns {
  return { slot: ctx.slot, signature: ctx.signature, commitment: ctx.commitment, pos: ctx.pos };
}

/**
 * On conflict: keep the chain columns of whichever write has the later position
 * (`table` is the target table's name).
 */
export function latestChain(table: string): Record<keyof ChainColumns, RawBuilder<never>> {
  return {
    slot: newer(table, 'slot'),
    signature: newer(table, 'signature'),
    commitment: newer(table, 'commitment'),
    pos: sql<never>`greatest(excluded.pos, ${sql.ref(`${table}.pos`)})`,
  };
}

/** On conflict: the incoming value if its `guard` position is later than the stored one, else the stored value. */
export function newer(table: string, column: string, guard = 'pos'): RawBuilder<never> {
  return sql<never>`case when ${sql.ref(`excluded.${guard}`)} > ${sql.ref(`${table}.${guard}`)}
    then ${sql.ref(`excluded.${column}`)} else ${sql.ref(`${table}.${column}`)} end`;
}

/** On conflict: several columns guarded by the same position column, plus the guard itself. */
export function newerAll(table: string, columns: readonly string[], guard = 'pos'): Record<string, RawBuilder<never>> {
  const set: Record<string, RawBuilder<never>> = {};
  for (const column of columns) set[column] = newer(table, column, guard);
  if (guard !== 'pos')
    set[guard] = sql<never>`greatest(${sql.ref(`excluded.${guard}`)}, ${sql.ref(`${table}.${guard}`)})`;
  return set;
}

/** On conflict: add the incoming amount to the stored one (counters and sums; each event applies once). */
export function added(table: string, column: string): RawBuilder<never> {
  return sql<never>`${sql.ref(`${table}.${column}`)} + ${sql.ref(`excluded.${column}`)}`;
}

/** On conflict: the incoming value when the stored one is null (fields written once). */
export function filled(table: string, column: string): RawBuilder<never> {
  return sql<never>`coalesce(${sql.ref(`${table}.${column}`)}, ${sql.ref(`excluded.${column}`)})`;
}
