/**
 * The ingest benchmark's pieces: a scratch PostgreSQL database, and a timed backfill of raw
 * transactions as the RPC backfill runs it.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PROGRAM_ADDRESS } from '@modelmint/sdk';
import postgres from 'postgres';
import type { Db } from '../db/index.js';
import type { DecodedTransaction, RawTransaction } from '../ingest/decoder.js';
import type { FoldEnv } from '../ingest/fold/run.js';
import { ingestBatch } from '../ingest/ingest.js';
import { createLogDecoder } from '../ingest/log-decoder.js';
import { IngestPipeline } from '../ingest/pipeline.js';
import { type PreparedBatch, prepareBatch } from '../ingest/prepare.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/**
 * Transactions per ingest batch (one database transaction each), as a bulk backfill writes them;
 * every batch also pays ~25 statements and the rewrite of each model it touches.
 */
export const INGEST_BATCH = Number(process.env.MODELMINT_BENCH_BATCH ?? 5000);
const DECODE_SLICE = 250;
/**
 * PostgreSQL connections the ingest uses at once: two pipelined writes (pipeline.ts) and the next
 * batch's plan reading its rows (plan.ts).
 */
export const INGEST_CONNECTIONS = 3;

export async function scratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server =
    process.env.MODELMINT_BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    execFileSync('bash', [join(ROOT, 'scripts/setup-postgres')], { encoding: 'utf8' }).trim();
  const url = new URL(server);
  const name = `mm_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Decode + ingest (every table, cursor) of `raws`, in INGEST_BATCH-transaction batches; returns
 * the seconds it took. As the RPC backfill does (`sources/backfill.ts`), the next batch is
 * decoded, prepared (`prepareBatch`) and its fold planned (`IngestPipeline`) while the current one
 * is written; each yields to the event loop every few hundred transactions so the write's
 * queries move meanwhile.
 */
export async function ingestRun(db: Db, env: FoldEnv, raws: readonly RawTransaction[]): Promise<number> {
  const decoder = createLogDecoder(PROGRAM_ADDRESS);
  const decodeBatch = async (from: number): Promise<PreparedBatch> => {
    const out: DecodedTransaction[] = [];
    const end = Math.min(raws.length, from + INGEST_BATCH);
    for (let i = from; i < end; i++) {
      if (i > from && (i - from) % DECODE_SLICE === 0) await yieldToIo();
      const tx = decoder.decode(raws[i] as RawTransaction, 'confirmed');
      if (tx) out.push(tx);
    }
    return prepareBatch(out, true);
  };
  const started = performance.now();
  const pipeline = new IngestPipeline(db, env);
  let next: Promise<PreparedBatch> | undefined = decodeBatch(0);
  for (let i = 0; next; i += INGEST_BATCH) {
    const prepared = await next;
    next = i + INGEST_BATCH < raws.length ? decodeBatch(i + INGEST_BATCH) : undefined;
    const last = prepared.txs.at(-1);
    await pipeline.push(prepared, (plan, order) =>
      ingestBatch(db, prepared.txs, {
        env,
        prepared,
        plan,
        order,
        ...(last ? { cursor: { source: 'bench', slot: last.slot, signature: last.signature } } : {}),
      }),
    );
  }
  await pipeline.drain();
  return (performance.now() - started) / 1000;
}
