import type { Commitment } from '@modelmint/migrations';
import type { ModelmintEvent } from './events.js';

/** One program transaction, decoded: what `ingest` writes. Sources produce it through a `TxDecoder`. */
export interface DecodedTransaction {
  signature: string;
  /** u64 as a decimal string. */
  slot: string;
  /** Position among the block's transactions, when the source knows it (orders events within a slot). */
  indexInBlock: number | null;
  /** Unix seconds as a decimal string, when known. */
  blockTime: string | null;
  commitment: Commitment;
  /** The transaction error as JSON text; a failed transaction is recorded with no events. */
  err: string | null;
  feePayer: string | null;
  /** The program's events in emission order. */
  events: ModelmintEvent[];
}

/**
 * The chain-specific part: turns a source's raw transaction (RPC `getTransaction` JSON, a Helius
 * raw webhook item) into a `DecodedTransaction`, or null when it is not a program transaction.
 * Wiring the indexer to the program's IDL means implementing this (see log-decoder.ts).
 */
export interface TxDecoder {
  decode(raw: RawTransaction, commitment: Commitment): DecodedTransaction | null;
}

/**
 * The fields of an RPC `getTransaction` (jsonParsed or json encoding) / Helius raw webhook item
 * that the indexer reads.
 */
export interface RawTransaction {
  slot: number | string;
  blockTime?: number | string | null;
  indexWithinBlock?: number | null;
  meta: { err: unknown; logMessages?: string[] | null } | null;
  transaction: { signatures: string[]; message: { accountKeys: unknown[] } };
}
