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
import type { ModelPage } from './repos/models.js';
import { IngestService } from './service.js';
import { syncToTip } from './sources/backfill.js';
import { watchProgramLogs } from './sources/live.js';
import { httpRpc } from './sources/rpc.js';

// Entry point: migrate, then serve the API.
const config = loadConfig();
const { db, kind, close } = await createDb({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
await migrateToLatest(db);
const metrics = new Metrics();
const bus = new LiveBus();
const decoder = createLogDecoder(config.programId);
const ingest = new IngestService(db, metrics, bus, await foldEnv(config.programId));
const searchCache = config.searchCacheMs > 0 ? new SearchCache<ModelPage>(config.searchCacheMs) : undefined;
const app = createApp({
  db,
  dbKind: kind,
  decoder,
  ingest,
  metrics,
  bus,
  webhookSecret: config.webhookSecret,
  searchCache,
});
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`indexer: ${kind} database, listening on http://${info.address}:${info.port}`);
});
// Following a chain: backfill to the tip, then catch up on every logsSubscribe notification.
const live = (() => {
  if (!config.rpcUrl || !config.wsUrl) return undefined;
  const rpc = httpRpc(config.rpcUrl);
  const catchUp = () =>
    syncToTip(rpc, db, decoder, (txs, o) => ingest.ingestBatch('rpc', txs, o), { programId: config.programId });
  console.log(`indexer: following ${config.rpcUrl} (${config.wsUrl})`);
  return watchProgramLogs({
    wsUrl: config.wsUrl,
    programId: config.programId,
    catchUp,
    onError: (e) => console.error(`indexer: catch-up failed: ${(e as Error).message}`),
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
    live?.close();
    server.close();
    void close().then(() => process.exit(0));
  });
}
