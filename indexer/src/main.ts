import { serve } from '@hono/node-server';
import { createApp } from './api/app.js';
import { SearchCache } from './api/search-cache.js';
import { type CardSource, embeddedCardSource, fetchMissingCards, gatewayCardSource } from './card-fetcher.js';
import { loadConfig } from './config.js';
import { createDb } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { foldEnv } from './ingest/fold/run.js';
import { createLogDecoder } from './ingest/log-decoder.js';
import { LiveBus } from './live.js';
import { Metrics } from './metrics.js';
import { IngestService } from './service.js';
import { syncToTip } from './sources/backfill.js';
import { watchProgramLogs } from './sources/live.js';
import { httpRpc } from './sources/rpc.js';
import { ChainUpkeep } from './upkeep/upkeep.js';

// Entry point: migrate, then serve the API.
const config = loadConfig();
const { db, read, kind, close } = await createDb({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
await migrateToLatest(db);
const metrics = new Metrics();
const bus = new LiveBus();
const decoder = createLogDecoder(config.programId);
const env = await foldEnv(config.programId);
const ingest = new IngestService(db, metrics, bus, env);
const searchCache = config.searchCacheMs > 0 ? new SearchCache<string>(config.searchCacheMs) : undefined;
const rpc = config.rpcUrl ? httpRpc(config.rpcUrl) : undefined;
// Following a chain: reconciliation and finality, on demand (/admin) and on a schedule.
const upkeep = rpc
  ? new ChainUpkeep({
      db,
      rpc,
      programId: config.programId,
      env,
      decoder,
      ingest: (txs) => ingest.ingestBatch('finality', txs),
      metrics,
    })
  : undefined;
const stopUpkeep = upkeep?.start({
  finalityMs: config.finalityMs,
  reconcileMs: config.reconcileMs,
  onResult: (job, summary) => console.log(`indexer: ${job}: ${summary}`),
  onError: (job, e) => console.error(`indexer: ${job} failed: ${(e as Error).message}`),
});
const app = createApp({
  db,
  readDb: read,
  dbKind: kind,
  decoder,
  ingest,
  metrics,
  bus,
  webhookSecret: config.webhookSecret,
  adminToken: config.adminToken,
  upkeep,
  searchCache,
});
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`indexer: ${kind} database, listening on http://${info.address}:${info.port}`);
});
// Following a chain: backfill to the tip, then catch up on every logsSubscribe notification.
const live = (() => {
  if (!rpc || !config.wsUrl) return undefined;
  const catchUp = () =>
    syncToTip(rpc, db, decoder, (txs, o) => ingest.ingestBatch('rpc', txs, o), { programId: config.programId });
  console.log(`indexer: following ${config.rpcUrl} (${config.wsUrl})`);
  return watchProgramLogs({
    wsUrl: config.wsUrl,
    programId: config.programId,
    catchUp,
    onError: (e, stage) =>
      console.error(
        stage === 'websocket'
          ? `indexer: websocket ${e.message} (reconnecting)`
          : `indexer: catch-up failed: ${e.message}`,
      ),
  });
})();
// Model cards: fetched from IPFS every few seconds for models that lack one.
const cards: CardSource | undefined = config.ipfsDir
  ? await embeddedCardSource(config.ipfsDir)
  : config.ipfsGateway
    ? gatewayCardSource(config.ipfsGateway)
    : undefined;
const cardTimer = cards
  ? setInterval(() => {
      fetchMissingCards(db, cards)
        .then((fetched) => {
          if (fetched > 0) searchCache?.clear();
        })
        .catch((e: unknown) => console.error(`indexer: card fetch failed: ${String(e)}`));
    }, 2_000)
  : undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (cardTimer) clearInterval(cardTimer);
    stopUpkeep?.();
    live?.close();
    server.close();
    void close().then(() => process.exit(0));
  });
}
