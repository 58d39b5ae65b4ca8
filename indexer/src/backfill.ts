/**
 * One backfill run to the chain's tip, then exit: `tsx indexer/src/backfill.ts`.
 * Environment: MODELMINT_RPC_URL (required), DATABASE_URL or INDEXER_PGLITE_DIR, MODELMINT_PROGRAM_ID,
 * MODELMINT_BACKFILL_BATCH (transactions per database transaction, default 200).
 * Prints one line per committed batch ("batch <done>/<total>") and a summary.
 */
import { loadConfig } from './config.js';
import { createDb } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { foldEnv } from './ingest/fold/run.js';
import { ingestBatch } from './ingest/ingest.js';
import { createLogDecoder } from './ingest/log-decoder.js';
import { syncToTip } from './sources/backfill.js';
import { httpRpc } from './sources/rpc.js';

const config = loadConfig();
const rpcUrl = process.env.MODELMINT_RPC_URL;
if (!rpcUrl) throw new Error('MODELMINT_RPC_URL is required');
const { db, close } = await createDb({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
try {
  await migrateToLatest(db);
  const env = await foldEnv(config.programId);
  const result = await syncToTip(
    httpRpc(rpcUrl),
    db,
    createLogDecoder(config.programId),
    (txs, options) => ingestBatch(db, txs, { ...options, env }),
    {
      programId: config.programId,
      batchSize: Number(process.env.MODELMINT_BACKFILL_BATCH ?? 200),
      onBatch: (done, total) => process.stdout.write(`batch ${done}/${total}\n`),
    },
  );
  process.stdout.write(`done ${JSON.stringify(result)}\n`);
} finally {
  await close();
}
