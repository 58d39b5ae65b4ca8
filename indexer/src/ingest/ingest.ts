import { EVENT_ROW_TABLES, MIRROR_TABLES } from '@modelmint/migrations';
import { sql } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { EventContext } from './context.js';
import type { DecodedTransaction } from './decoder.js';
import type { ModelmintEvent } from './events.js';
import { applyEvent, eventKeys } from './handlers/index.js';
import { eventPosition } from './position.js';
import { withRetry } from './retry.js';
import { assertValidTransaction } from './validate.js';

/** Moves a source's cursor, in the same database transaction as the rows. */
export interface CursorUpdate {
  source: string;
  slot: string;
  signature: string | null;
  /** 'max' (default) never moves the cursor back; 'set' writes it as given (backward paging). */
  mode?: 'max' | 'set';
}

export type IngestStatus = 'new' | 'duplicate' | 'promoted';

export interface IngestResult {
  status: IngestStatus;
  signature: string;
  /** The events written (empty unless status is 'new'). */
  events: ModelmintEvent[];
}

export interface IngestOptions {
  cursor?: CursorUpdate;
}

/**
 * The one ingest path for every source. Writes the transaction, its events, every row they
 * imply and the source's cursor in one database transaction. The transaction's signature and
 * each event's (signature, index) are unique keys, so delivering a transaction again writes
 * nothing; delivering it again as finalized promotes its rows. Rows written by events arriving
 * out of order end as if they had arrived in order (see position.ts and the handlers).
 */
export async function ingest(db: Db, tx: DecodedTransaction, options: IngestOptions = {}): Promise<IngestResult> {
  assertValidTransaction(tx);
  return withRetry(() => db.transaction().execute((trx) => ingestIn(trx, tx, options)));
}

/** `ingest` inside a caller's transaction (batching sources use this). */
export async function ingestIn(trx: Trx, tx: DecodedTransaction, options: IngestOptions = {}): Promise<IngestResult> {
  const events = tx.err === null ? tx.events : [];
  const inserted = await trx
    .insertInto('transactions')
    .values({
      signature: tx.signature,
      slot: tx.slot,
      index_in_block: tx.indexInBlock,
      block_time: tx.blockTime,
      err: tx.err,
      fee_payer: tx.feePayer,
      commitment: tx.commitment,
      event_count: events.length,
    })
    .onConflict((oc) => oc.column('signature').doNothing())
    .returning('signature')
    .executeTakeFirst();

  let result: IngestResult;
  if (inserted) {
    await writeEvents(trx, tx, events);
    result = { status: 'new', signature: tx.signature, events };
  } else {
    const promoted = tx.commitment === 'finalized' && (await promote(trx, tx.signature));
    result = { status: promoted ? 'promoted' : 'duplicate', signature: tx.signature, events: [] };
  }
  if (options.cursor) await moveCursor(trx, options.cursor);
  return result;
}

async function writeEvents(trx: Trx, tx: DecodedTransaction, events: ModelmintEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event, index) => ({
    signature: tx.signature,
    event_index: index,
    slot: tx.slot,
    pos: eventPosition(tx, index),
    block_time: tx.blockTime,
    name: event.name,
    data: event,
    keys: eventKeys(event),
    commitment: tx.commitment,
  }));
  await trx.insertInto('events').values(rows).execute();
  for (const [index, event] of events.entries()) {
    const row = rows[index];
    if (!row) continue;
    const ctx: EventContext = {
      trx,
      signature: tx.signature,
      eventIndex: index,
      slot: tx.slot,
      pos: row.pos,
      blockTime: tx.blockTime,
      commitment: tx.commitment,
    };
    await applyEvent(ctx, event);
  }
}

async function moveCursor(trx: Trx, cursor: CursorUpdate): Promise<void> {
  const values = {
    source: cursor.source,
    slot: cursor.slot,
    signature: cursor.signature,
    updated_at: sql<Date>`now()`,
  };
  await trx
    .insertInto('ingest_cursors')
    .values(values)
    .onConflict((oc) => {
      const update = oc.column('source').doUpdateSet({
        slot: sql`excluded.slot`,
        signature: sql`excluded.signature`,
        updated_at: sql`excluded.updated_at`,
      });
      return cursor.mode === 'set' ? update : update.where('ingest_cursors.slot', '<=', sql<string>`excluded.slot`);
    })
    .execute();
}

/** Marks every row written by a confirmed transaction as finalized. Returns false if there was none. */
export async function promote(trx: Trx, signature: string): Promise<boolean> {
  const updated = await trx
    .updateTable('transactions')
    .set({ commitment: 'finalized' })
    .where('signature', '=', signature)
    .where('commitment', '=', 'confirmed')
    .returning('signature')
    .executeTakeFirst();
  if (!updated) return false;
  for (const table of [...EVENT_ROW_TABLES, ...MIRROR_TABLES]) {
    await trx
      .updateTable(table)
      .set({ commitment: 'finalized' })
      .where('signature', '=', signature)
      .where('commitment', '=', 'confirmed')
      .execute();
  }
  return true;
}
