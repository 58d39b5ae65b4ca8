import type { Db, DbKind } from '../db/index.js';
import type { TxDecoder } from '../ingest/decoder.js';
import type { LiveBus } from '../live.js';
import type { Metrics } from '../metrics.js';
import type { IngestService } from '../service.js';
import type { ChainUpkeep } from '../upkeep/upkeep.js';
import type { SearchCache } from './search-cache.js';

/** What the HTTP app needs. */
export interface AppDeps {
  db: Db;
  /** Where searches read (the read pool, `DbHandle.read`); none: `db`. */
  readDb?: Db | undefined;
  dbKind: DbKind;
  decoder: TxDecoder;
  ingest: IngestService;
  metrics: Metrics;
  bus: LiveBus;
  /** Shared secret of POST /webhooks/helius; the route answers 503 without one. */
  webhookSecret: string | undefined;
  /** Bearer token of the /admin routes; they answer 503 without one. */
  adminToken?: string | undefined;
  /** Reconciliation and finality against the chain followed (none: no RPC URL configured). */
  upkeep?: ChainUpkeep | undefined;
  /** Recent GET /models pages (see search-cache.ts); none: every search reads the database. */
  searchCache?: SearchCache<string> | undefined;
}
