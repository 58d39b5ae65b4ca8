import { join } from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  MODELMINT_CACHE: z.string().optional(),
  INDEXER_PGLITE_DIR: z.string().optional(),
  INDEXER_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  INDEXER_HOST: z.string().default('127.0.0.1'),
  HELIUS_WEBHOOK_SECRET: z.string().min(16).optional(),
  MODELMINT_PROGRAM_ID: z.string().default('FvdugqmxXx4XYxLKLMQeqB4RNN4DTA5vg5vXNhXY4N1o'),
  INDEXER_RPC_URL: z.string().url().optional(),
  INDEXER_WS_URL: z.string().optional(),
  INDEXER_IPFS_DIR: z.string().optional(),
  INDEXER_IPFS_GATEWAY: z.string().url().optional(),
  INDEXER_SEARCH_CACHE_MS: z.coerce.number().int().min(0).default(1000),
  INDEXER_ADMIN_TOKEN: z.string().min(16).optional(),
  INDEXER_FINALITY_SECS: z.coerce.number().int().min(0).default(30),
  INDEXER_RECONCILE_SECS: z.coerce.number().int().min(0).default(600),
});

export interface IndexerConfig {
  databaseUrl: string | undefined;
  pgliteDir: string;
  port: number;
  host: string;
  webhookSecret: string | undefined;
  programId: string;
  /** Chain to follow (backfill, then live over logsSubscribe); none = webhook only. */
  rpcUrl: string | undefined;
  wsUrl: string | undefined;
  /** Model cards: an embedded IPFS folder (blockstore-fs) or an HTTP gateway; none = not fetched. */
  ipfsDir: string | undefined;
  ipfsGateway: string | undefined;
  /** How long a search page may be served from memory (0: never); committed events clear it. */
  searchCacheMs: number;
  /** Bearer token of POST /admin/reconcile and /admin/finality (none: those routes answer 503). */
  adminToken: string | undefined;
  /** Following a chain: how often confirmed rows are settled, and the mirror reconciled (0: never). */
  finalityMs: number;
  reconcileMs: number;
}

/** The indexer's configuration from the environment (README lists every variable). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): IndexerConfig {
  const parsed = EnvSchema.parse(env);
  const cache = parsed.MODELMINT_CACHE ?? join(env.HOME ?? '.', '.cache', 'modelmint');
  return {
    databaseUrl: parsed.DATABASE_URL,
    pgliteDir: parsed.INDEXER_PGLITE_DIR ?? join(cache, 'indexer', 'pglite'),
    port: parsed.INDEXER_PORT,
    host: parsed.INDEXER_HOST,
    webhookSecret: parsed.HELIUS_WEBHOOK_SECRET,
    programId: parsed.MODELMINT_PROGRAM_ID,
    rpcUrl: parsed.INDEXER_RPC_URL,
    wsUrl: parsed.INDEXER_WS_URL ?? parsed.INDEXER_RPC_URL?.replace(/^http/, 'ws'),
    ipfsDir: parsed.INDEXER_IPFS_DIR,
    ipfsGateway: parsed.INDEXER_IPFS_GATEWAY,
    searchCacheMs: parsed.INDEXER_SEARCH_CACHE_MS,
    adminToken: parsed.INDEXER_ADMIN_TOKEN,
    finalityMs: parsed.INDEXER_FINALITY_SECS * 1000,
    reconcileMs: parsed.INDEXER_RECONCILE_SECS * 1000,
  };
}
