import { sql } from 'kysely';
import type { Trx } from '../db/index.js';

/** Advisory lock key serialising writers of the fold (ingest, drop, rebuild, reconcile). */
export const INGEST_LOCK = 0x6d6d696e;

/**
 * Takes the ingest lock for the rest of the transaction and the next `ingest_epoch`: every writer
 * of the mirror calls this, so consecutive epochs mean no write came between (see plan.ts).
 */
export async function lockIngest(trx: Trx): Promise<bigint> {
  await sql`select pg_advisory_xact_lock(${INGEST_LOCK})`.execute(trx);
  const { rows } = await sql<{ epoch: string }>`select nextval('ingest_epoch')::text as epoch`.execute(trx);
  const epoch = rows[0]?.epoch;
  if (epoch === undefined) throw new Error('ingest_epoch returned nothing');
  return BigInt(epoch);
}
