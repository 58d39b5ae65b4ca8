/**
 * `npm run bench:indexer`: ingest throughput of a chain-like synthetic history on PostgreSQL and
 * PGlite against the fastest plain load of the same rows (the COPY ceiling), and search over
 * 50,000 models while the indexer ingests: p50/p99 at a fixed offered rate (open loop) and the
 * saturated rate (closed loop), with every search reading PostgreSQL, then as deployed with its
 * cache. Writes bench/results/indexer.json and prints it; the load average beside each figure.
 *
 * PostgreSQL: DATABASE_URL / MODELMINT_BENCH_DATABASE_URL, else scripts/setup-postgres (a
 * scratch database is created and dropped). MODELMINT_BENCH_EVENTS (default 100000),
 * MODELMINT_BENCH_WARMUP (transactions ingested untimed first, default 10000; 0 for none),
 * MODELMINT_BENCH_MODELS (search models, 50000), MODELMINT_BENCH_LIVE_EVENTS (events ingested a
 * second while searching, 10), MODELMINT_BENCH_OFFERED (offered search rate, 800),
 * MODELMINT_BENCH_SECONDS (each search load, 8), MODELMINT_BENCH_PGLITE=0 skips PGlite.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROGRAM_ADDRESS } from '@modelmint/sdk';
import { sql } from 'kysely';
import { SearchCache } from '../api/search-cache.js';
import { createDb, type Db, type DbHandle } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { foldEnv } from '../ingest/fold/run.js';
import { createLogDecoder } from '../ingest/log-decoder.js';
import { copyCeiling } from './copy-ceiling.js';
import { INGEST_BATCH, INGEST_CONNECTIONS, ingestRun, scratchPostgres } from './ingest-run.js';
import { Random } from './random.js';
import { searchModel } from './search-mix.js';
import { searchRun } from './search-run.js';
import { ChainSimulator } from './synthetic.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const EVENTS = env('MODELMINT_BENCH_EVENTS', 100_000);
/**
 * The history's first transactions are ingested, untimed, into a scratch database before the
 * measured runs: a backfill of any length runs with the decoder and fold compiled by V8's
 * optimising tiers, which the first thousands of events are not yet (a cold process's first run
 * measured ~10% slower).
 */
const WARMUP_TRANSACTIONS = env('MODELMINT_BENCH_WARMUP', 10_000);
const MODELS = env('MODELMINT_BENCH_MODELS', 50_000);
/** The issue's bar: searches are measured while the indexer ingests at least 10 events a second. */
const LIVE_EVENTS = env('MODELMINT_BENCH_LIVE_EVENTS', 10);
const OFFERED = env('MODELMINT_BENCH_OFFERED', 800);
const SECONDS = env('MODELMINT_BENCH_SECONDS', 8);
const CONCURRENCY = 16;
const TARGETS = { ratio_to_copy_ceiling: 0.3, search_rps: 800, search_p99_ms: 30, live_events_per_sec: 10 };
const log = (line: string) => process.stderr.write(`[bench:indexer] ${line}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The search benchmark's models (names, descriptions, tags from the vocabulary), then `vacuum analyze`. */
async function seedModels(db: Db, count: number): Promise<void> {
  const r = new Random(7);
  for (let i = 0; i < count; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - i) }, (_, j) => searchModel(r, i + j));
    await db.insertInto('models').values(rows).execute();
  }
  // As a database that has run a while: statistics read, GIN pending lists merged, pages all-visible.
  await sql`vacuum analyze`.execute(db);
}

async function main(): Promise<void> {
  const sim = new ChainSimulator({ programId: PROGRAM_ADDRESS, events: EVENTS });
  const txs = sim.take(EVENTS);
  const events = txs.length;
  const foldEnvironment = await foldEnv(PROGRAM_ADDRESS);
  log(`${events} events in ${txs.length} transactions (load ${load()})`);
  if (WARMUP_TRANSACTIONS > 0) {
    const warm = await scratchPostgres();
    const warmDb = await createDb({ databaseUrl: warm.url, poolSize: 20 });
    try {
      await migrateToLatest(warmDb.db);
      await ingestRun(warmDb.db, foldEnvironment, txs.slice(0, WARMUP_TRANSACTIONS));
    } finally {
      await warmDb.close();
      await warm.drop();
    }
    log(`warm-up: ${WARMUP_TRANSACTIONS} transactions ingested into a scratch database (untimed)`);
  }
  const result: Record<string, unknown> = {};
  const pg = await scratchPostgres();
  let handle: DbHandle | undefined;
  try {
    handle = await createDb({ databaseUrl: pg.url, poolSize: 20 });
    await migrateToLatest(handle.db);
    const secs = await ingestRun(handle.db, foldEnvironment, txs);
    const ingestLoad = load();
    const perSec = Math.round(events / secs);
    log(`postgres ingest: ${secs.toFixed(2)} s, ${perSec} events/s (load ${ingestLoad})`);
    const ceiling = await copyCeiling(handle.db, pg.url, INGEST_CONNECTIONS);
    const ceilingPerSec = Math.round(events / ceiling.seconds);
    log(
      `COPY ceiling: ${ceiling.rows} rows of ${ceiling.tables} tables (${(ceiling.bytes / 1e6).toFixed(1)} MB) ` +
        `over ${ceiling.connections} connections in ${ceiling.seconds.toFixed(2)} s: ${ceilingPerSec} events/s (load ${load()})`,
    );
    Object.assign(result, {
      ingest: {
        events_per_sec_postgres: perSec,
        copy_ceiling_events_per_sec: ceilingPerSec,
        ratio_to_copy_ceiling: Number((perSec / ceilingPerSec).toFixed(3)),
        copy_ceiling: ceiling,
        load_average: ingestLoad,
      },
    });

    await seedModels(handle.db, MODELS);
    log(`${MODELS} models seeded (load ${load()})`);
    const decoder = createLogDecoder(PROGRAM_ADDRESS);
    const run = (cache: SearchCache<string> | undefined) =>
      searchRun({
        db: handle?.db as Db,
        read: handle?.read as Db,
        env: foldEnvironment,
        decoder,
        sim,
        cache,
        writeRate: LIVE_EVENTS,
        concurrency: CONCURRENCY,
        offered: OFFERED,
        seconds: SECONDS,
      });
    const uncached = await run(undefined);
    const cached = await run(new SearchCache<string>(1000));
    for (const [name, r] of [
      ['every search reads PostgreSQL', uncached],
      ['as deployed (1 s cache)', cached],
    ] as const) {
      const s = r.saturated;
      const o = r.offered;
      log(
        `search, ${name}, ${r.writes.events_per_sec} events/s ingested meanwhile (${r.writes.commits_per_sec} commits/s): ` +
          `saturated ${Math.round(s.requests / s.seconds)} rps ` +
          `(p99 ${s.p99} ms); at ${OFFERED} rps offered: ${Math.round(o.requests / o.seconds)} rps, p50 ${o.p50} ms, p99 ${o.p99} ms, ` +
          `${o.distinct_urls} distinct URLs${r.cache ? `, cache hit rate ${r.cache.hit_rate}` : ''} (load ${r.load_average.join(' ')})`,
      );
    }
    result.search = { models: MODELS, concurrency: CONCURRENCY, offered_rps: OFFERED, uncached, cached };
  } finally {
    await handle?.close();
    await pg.drop();
  }

  if (process.env.MODELMINT_BENCH_PGLITE !== '0') {
    const dir = join(tmpdir(), `mm-bench-pglite-${randomBytes(4).toString('hex')}`);
    try {
      const lite = await createDb({ pgliteDir: dir });
      await migrateToLatest(lite.db);
      const secs = await ingestRun(lite.db, foldEnvironment, txs);
      result.events_per_sec_pglite = Math.round(events / secs);
      log(`pglite ingest: ${secs.toFixed(2)} s, ${result.events_per_sec_pglite} events/s (load ${load()})`);
      await lite.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const out = {
    history: { events, transactions: txs.length, models: 2_000, ingest_batch: INGEST_BATCH },
    warmup_transactions: WARMUP_TRANSACTIONS,
    ...result,
    targets: TARGETS,
    machine: { cpus: cpus().length, node: process.version },
    measured_at: new Date().toISOString(),
  };
  await mkdir(join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(join(ROOT, 'bench/results/indexer.json'), `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

await main();
