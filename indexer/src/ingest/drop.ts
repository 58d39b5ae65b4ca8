import { EVENT_ROW_TABLES, MIRROR_TABLES } from '@modelmint/migrations';
import { sql } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { EventContext } from './context.js';
import type { ModelmintEvent } from './events.js';
import { applyEvent } from './handlers/index.js';
import { withRetry } from './retry.js';

export type DropResult = 'dropped' | 'unknown';

/**
 * A confirmed transaction that disappeared from the chain (its fork was abandoned): removes its
 * transaction, events, ledger and timeline rows, then rebuilds the account rows from the events
 * that remain, all in one database transaction. A finalized transaction cannot disappear.
 */
export async function dropTransaction(db: Db, signature: string): Promise<DropResult> {
  return withRetry(() =>
    db.transaction().execute(async (trx) => {
      const tx = await trx
        .selectFrom('transactions')
        .select(['commitment', 'event_count'])
        .where('signature', '=', signature)
        .forUpdate()
        .executeTakeFirst();
      if (!tx) return 'unknown';
      if (tx.commitment === 'finalized') throw new Error(`transaction ${signature} is finalized and cannot be dropped`);
      for (const table of EVENT_ROW_TABLES) {
        await trx.deleteFrom(table).where('signature', '=', signature).execute();
      }
      await trx.deleteFrom('transactions').where('signature', '=', signature).execute();
      if (tx.event_count > 0) await rebuildMirrors(trx);
      return 'dropped';
    }),
  );
}

/**
 * Recomputes every account row from the events table, in chain order. The same handlers as
 * ingestion write the rows, so a rebuild gives exactly the rows an in-order ingest would.
 */
export async function rebuildMirrors(trx: Trx, batchSize = 1000): Promise<number> {
  for (const table of MIRROR_TABLES) await trx.deleteFrom(table).execute();
  let after: { pos: string; signature: string; eventIndex: number } = { pos: '-1', signature: '', eventIndex: 0 };
  let count = 0;
  for (;;) {
    const batch = await trx
      .selectFrom('events')
      .select(['signature', 'event_index', 'slot', 'pos', 'block_time', 'commitment', 'data'])
      .where(
        sql<boolean>`(pos, signature, event_index) > (${after.pos}::numeric, ${after.signature}, ${after.eventIndex})`,
      )
      .orderBy('pos')
      .orderBy('signature')
      .orderBy('event_index')
      .limit(batchSize)
      .execute();
    for (const row of batch) {
      const ctx: EventContext = {
        trx,
        signature: row.signature,
        eventIndex: row.event_index,
        slot: row.slot,
        pos: row.pos,
        blockTime: row.block_time,
        commitment: row.commitment,
      };
      await applyEvent(ctx, (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as ModelmintEvent);
      after = { pos: row.pos, signature: row.signature, eventIndex: row.event_index };
      count++;
    }
    if (batch.length < batchSize) return count;
  }
}
