import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Commitment, Defaulted, Int8, Json } from './common.js';

/** Every program transaction seen, failed ones included. */
export interface TransactionsTable {
  signature: string;
  slot: Int8;
  index_in_block: number | null;
  block_time: Int8 | null;
  err: string | null;
  fee_payer: string | null;
  commitment: Commitment;
  event_count: number;
}

/** Every decoded program event; (signature, event_index) is the idempotency key of ingestion. */
export interface EventsTable {
  signature: string;
  event_index: number;
  slot: Int8;
  pos: string;
  block_time: Int8 | null;
  name: string;
  /** The event body (`json`: stored as received). */
  data: Json;
  commitment: Commitment;
  /** The fold partition: the model the event's rows belong to (null: global, or a job not seen yet). */
  model: string | null;
  /** The job the event concerns, if any. */
  job: string | null;
}

/** Per model: the position of the last event folded into its rows (see indexer/src/ingest/ingest.ts). */
export interface FoldPartitionsTable {
  model: string;
  pos: string;
}

/** Where each source (backfill, websocket, webhook) has got to. */
export interface IngestCursorsTable {
  source: string;
  slot: Int8;
  signature: string | null;
  updated_at: Defaulted<Date>;
}

export type Transaction = Selectable<TransactionsTable>;
export type NewTransaction = Insertable<TransactionsTable>;
export type TransactionUpdate = Updateable<TransactionsTable>;
export type Event = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type FoldPartition = Selectable<FoldPartitionsTable>;
export type IngestCursor = Selectable<IngestCursorsTable>;
export type NewIngestCursor = Insertable<IngestCursorsTable>;
export type IngestCursorUpdate = Updateable<IngestCursorsTable>;
