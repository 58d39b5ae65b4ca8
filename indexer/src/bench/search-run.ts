/**
 * One search measurement: the API served from this process (as deployed, with the ingest in the
 * same process), the history's continuation ingested meanwhile (`LiveWriter`), and the load
 * (`search-load.ts`) from a separate process: closed-loop at `concurrency` connections (the
 * saturated rate), then open-loop at the `offered` rate.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from '../api/app.js';
import type { SearchCache } from '../api/search-cache.js';
import type { Db } from '../db/index.js';
import type { TxDecoder } from '../ingest/decoder.js';
import type { FoldEnv } from '../ingest/fold/run.js';
import { LiveBus } from '../live.js';
import { Metrics } from '../metrics.js';
import { IngestService } from '../service.js';
import { LiveWriter, type LiveWriteStats } from './live-writes.js';
import type { ChainSimulator } from './synthetic.js';

export interface LoadResult {
  mode: string;
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  distinct_urls: number;
  next_pages: number;
  load_cpu_ms_per_request: number;
  /** The API server's (this process's) CPU per request, live writes included. */
  server_cpu_ms_per_request?: number;
}

/** Runs search-load.ts in its own process against `url`. */
export function searchLoad(url: string, mode: string, seconds: number, seed: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./search-load.ts', import.meta.url)),
        url,
        mode,
        String(seconds),
        String(seed),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load exited ${code}`)),
    );
  });
}

export interface SearchOptions {
  db: Db;
  /** Where searches read (the read pool). */
  read: Db;
  env: FoldEnv;
  decoder: TxDecoder;
  sim: ChainSimulator;
  cache: SearchCache<string> | undefined;
  /** Transactions (one event each) ingested a second while searching. */
  writeRate: number;
  concurrency: number;
  offered: number;
  seconds: number;
}

export interface SearchFigures {
  saturated: LoadResult;
  offered: LoadResult;
  writes: LiveWriteStats & { events_per_sec: number; commits_per_sec: number };
  cache: { hits: number; coalesced: number; misses: number; hit_rate: number } | null;
  load_average: number[];
}

export async function searchRun(o: SearchOptions): Promise<SearchFigures> {
  const metrics = new Metrics();
  const bus = new LiveBus();
  const ingest = new IngestService(o.db, metrics, bus, o.env);
  const app = createApp({
    db: o.db,
    readDb: o.read,
    dbKind: 'postgres',
    decoder: o.decoder,
    ingest,
    metrics,
    bus,
    webhookSecret: undefined,
    searchCache: o.cache,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const writer = new LiveWriter(o.sim, ingest, o.decoder, o.writeRate);
  try {
    await searchLoad(url, `closed:${o.concurrency}`, 2, 2); // warm-up: JIT, connections, buffers
    writer.start();
    const before = o.cache ? { ...o.cache.counts } : null;
    const measured = async (mode: string, seed: number) => {
      const cpu = process.cpuUsage();
      const result = await searchLoad(url, mode, o.seconds, seed);
      const used = process.cpuUsage(cpu);
      const perRequest = (used.user + used.system) / 1000 / Math.max(1, result.requests);
      return { ...result, server_cpu_ms_per_request: Number(perRequest.toFixed(2)) };
    };
    const saturated = await measured(`closed:${o.concurrency}`, 3);
    const offered = await measured(`open:${o.offered}`, 4);
    const load = loadavg();
    const writes = await writer.stop();
    let cache: SearchFigures['cache'] = null;
    if (o.cache && before) {
      const hits = o.cache.counts.hits - before.hits;
      const coalesced = o.cache.counts.coalesced - before.coalesced;
      const misses = o.cache.counts.misses - before.misses;
      cache = {
        hits,
        coalesced,
        misses,
        hit_rate: Number(((hits + coalesced) / (hits + coalesced + misses)).toFixed(3)),
      };
    }
    return {
      saturated,
      offered,
      writes: {
        ...writes,
        events_per_sec: Number((writes.events / writes.seconds).toFixed(1)),
        commits_per_sec: Number((writes.commits / writes.seconds).toFixed(1)),
      },
      cache,
      load_average: load.map((l) => Number(l.toFixed(2))),
    };
  } finally {
    await writer.stop();
    server.close();
  }
}
