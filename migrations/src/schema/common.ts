import type { ColumnType } from 'kysely';

/** A u64 (or any integer wider than 2^53) as a decimal string: `numeric(20,0)` in the database. */
export type U64 = string;
/** An `int8` column. The database factory makes both drivers return int8 as a decimal string. */
export type Int8 = string;
/** A base58 Solana address. */
export type Address = string;
/** A 32-byte hash as 64 lowercase hex characters. */
export type Hex32 = string;

export type Commitment = 'confirmed' | 'finalized';

/** JSON: read back parsed; written as a plain object (both drivers serialise it; a string would be stored as a JSON string). */
export type Json = ColumnType<unknown, object, object>;

/** A column with a database default. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;

/**
 * Every row derived from a transaction carries the position of the last event that wrote it:
 * slot, signature and commitment of that transaction, and `pos`, the event's total order
 * (slot, index in block, event index) packed into one `numeric(30,0)` (see indexer/src/ingest/position.ts).
 */
export interface ChainColumns {
  slot: Int8;
  signature: string;
  commitment: Commitment;
  pos: string;
}
