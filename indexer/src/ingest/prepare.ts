import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { CompiledQuery } from 'kysely';
import { CopyData, copyJson, copyTextQuery, copyValue } from '../db/copy.js';
import type { DecodedTransaction } from './decoder.js';
import { jobOf, modelOf } from './events.js';
import { compareEvents } from './fold/run.js';
import type { FoldEvent } from './fold/state.js';
import { eventPosition } from './position.js';
import { assertValidTransaction } from './validate.js';

/** The columns COPY writes, in the order of the prepared text. */
export const TRANSACTION_COLUMNS = [
  'signature',
  'slot',
  'index_in_block',
  'block_time',
  'err',
  'fee_payer',
  'commitment',
  'event_count',
] as const;
export const EVENT_COLUMNS = [
  'signature',
  'event_index',
  'slot',
  'pos',
  'block_time',
  'name',
  'data',
  'commitment',
  'model',
  'job',
] as const;

/**
 * What ingesting a batch needs that the database does not decide, worked out ahead: validation,
 * duplicates removed, each event's position and fold partition, and the COPY text of the
 * transactions and of the events whose model is known. A source prepares the next batch while the
 * current one is written, so this CPU time overlaps PostgreSQL's.
 */
export interface PreparedBatch {
  /** The array given to `prepareBatch` (an ingest checks it was given the same one). */
  readonly txs: readonly DecodedTransaction[];
  /** One per signature, in the order given. */
  readonly unique: DecodedTransaction[];
  /** The events of successful transactions, in chain order. */
  readonly fresh: readonly FoldEvent[];
  /** Job -> model, from the batch's JobRequested events. */
  readonly requested: ReadonlyMap<string, string>;
  readonly transactionsText: Buffer;
  /** COPY text of the events, except those of jobs requested outside the batch (`pending`). */
  readonly eventsText: Buffer;
  /** Events of jobs whose model the jobs table knows (their text is written once it is read). */
  readonly pending: readonly FoldEvent[];
}

/** Transactions between two yields to the event loop while preparing. */
const YIELD_EVERY = 500;

/**
 * Prepares a batch (see `PreparedBatch`). Throws on a transaction that cannot be written exactly,
 * before anything is written. `yielding` lets the event loop run every few hundred transactions,
 * for a batch prepared while another is written.
 */
export async function prepareBatch(txs: readonly DecodedTransaction[], yielding = false): Promise<PreparedBatch> {
  for (let i = 0; i < txs.length; i++) {
    if (yielding && i > 0 && i % YIELD_EVERY === 0) await yieldToIo();
    assertValidTransaction(txs[i] as DecodedTransaction);
  }
  return prepareValid(txs, [...new Map(txs.map((tx) => [tx.signature, tx])).values()]);
}

/** `prepareBatch` of transactions already validated and unique (`txs` as the caller gave them). */
export function prepareValid(txs: readonly DecodedTransaction[], unique: DecodedTransaction[]): PreparedBatch {
  const fresh: FoldEvent[] = [];
  const requested = new Map<string, string>();
  for (const tx of unique) {
    if (tx.err !== null) continue;
    for (const [index, event] of tx.events.entries()) {
      fresh.push({
        signature: tx.signature,
        eventIndex: index,
        slot: tx.slot,
        pos: eventPosition(tx, index),
        blockTime: tx.blockTime,
        commitment: tx.commitment,
        model: modelOf(event),
        job: jobOf(event),
        event,
      });
      if (event.name === 'JobRequested') requested.set(event.data.job, event.data.model);
    }
  }
  // A job's events belong to its model: from a request in this batch, else from the jobs table.
  const pending: FoldEvent[] = [];
  const known: FoldEvent[] = [];
  for (const f of fresh) {
    if (f.model === null && f.job !== null) f.model = requested.get(f.job) ?? null;
    (f.model === null && f.job !== null ? pending : known).push(f);
  }
  fresh.sort(compareEvents);
  return {
    txs,
    unique,
    fresh,
    requested,
    transactionsText: transactionsText(unique),
    eventsText: eventsText(known),
    pending,
  };
}

// The COPY text is written field by field, without a row object per transaction or event (the
// garbage collector's share of an ingest). Values go through copyValue / copyJson as copyRows'.

/** The COPY text of transactions (columns: TRANSACTION_COLUMNS). */
function transactionsText(txs: readonly DecodedTransaction[]): Buffer {
  const data = new CopyData();
  for (const tx of txs) {
    data.line(
      `${copyValue(tx.signature)}\t${copyValue(tx.slot)}\t${copyValue(tx.indexInBlock)}\t${copyValue(tx.blockTime)}\t${copyValue(tx.err)}\t${copyValue(tx.feePayer)}\t${copyValue(tx.commitment)}\t${tx.err === null ? tx.events.length : 0}\n`,
    );
  }
  return data.bytes();
}

/**
 * The COPYs writing the batch's transactions and events; the events' data is the prepared part,
 * then `pending` (with the models found for them).
 */
export function batchCopies(prepared: PreparedBatch, pending: readonly FoldEvent[]): CompiledQuery[] {
  const copies: CompiledQuery[] = [];
  if (prepared.unique.length > 0) {
    copies.push(copyTextQuery('transactions', TRANSACTION_COLUMNS, prepared.transactionsText));
  }
  if (prepared.fresh.length > 0) {
    const events = pending.length > 0 ? Buffer.concat([prepared.eventsText, eventsText(pending)]) : prepared.eventsText;
    copies.push(copyTextQuery('events', EVENT_COLUMNS, events));
  }
  return copies;
}

/** The COPY text of events (columns: EVENT_COLUMNS). */
export function eventsText(events: readonly FoldEvent[]): Buffer {
  const data = new CopyData();
  for (const f of events) {
    data.line(
      `${copyValue(f.signature)}\t${f.eventIndex}\t${copyValue(f.slot)}\t${copyValue(f.pos)}\t${copyValue(f.blockTime)}\t${copyValue(f.event.name)}\t${copyJson(f.event.data)}\t${copyValue(f.commitment)}\t${copyValue(f.model)}\t${copyValue(f.job)}\n`,
    );
  }
  return data.bytes();
}
