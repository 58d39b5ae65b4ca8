import { serve } from '@hono/node-server';
import { createApp } from './api/app.js';
import { loadConfig } from './config.js';
import { createDb } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { foldEnv } from './ingest/fold/run.js';
import { createLogDecoder } from './ingest/log-decoder.js';
import { LiveBus } from './live.js';
import { Metrics } from './metrics.js';
import { IngestService } from './service.js';

// Entry point: migrate, then serve the API.
const config = loadConfig();
const { db, kind, close } = await createDb({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
await migrateToLatest(db);
const metrics = new Metrics();
const bus = new LiveBus();
const app = createApp({
  db,
  dbKind: kind,
  decoder: createLogDecoder(config.programId),
  ingest: new IngestService(db, metrics, bus, await foldEnv(config.programId)),
  metrics,
  bus,
  webhookSecret: config.webhookSecret,
});
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`indexer: ${kind} database, listening on http://${info.address}:${info.port}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void close().then(() => process.exit(0));
  });
}
