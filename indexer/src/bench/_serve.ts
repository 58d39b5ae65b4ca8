import { serve } from '@hono/node-server';
import { PROGRAM_ADDRESS } from '@modelmint/sdk';
import { createApp } from '../api/app.js';
import { SearchCache } from '../api/search-cache.js';
import { createDb } from '../db/index.js';
import { createLogDecoder } from '../ingest/log-decoder.js';
import { LiveBus } from '../live.js';
import { Metrics } from '../metrics.js';
import { IngestService } from '../service.js';

const h = await createDb({
  databaseUrl: 'postgres://postgres@127.0.0.1:54329/mm_s2',
  poolSize: Number(process.env.POOL ?? 20),
});
const metrics = new Metrics();
const bus = new LiveBus();
const app = createApp({
  db: h.db,
  dbKind: 'postgres',
  decoder: createLogDecoder(PROGRAM_ADDRESS),
  ingest: new IngestService(h.db, metrics, bus),
  metrics,
  bus,
  webhookSecret: undefined,
  searchCache: process.env.CACHE ? new SearchCache(1000) : undefined,
});
serve({ fetch: app.fetch, port: 18555, hostname: '127.0.0.1' });
console.log('listening');
process.on('SIGINT', () => process.exit(0));
