/**
 * The ingest benchmark's ceiling: the fastest plain load of the rows the ingest stored. Every
 * table the ingest wrote is read back as PostgreSQL's text of each value, made COPY text
 * (untimed; postgres.js's `copy ... to stdout` stream hung now and then), then loaded, timed,
 * with COPY into new tables of the same column types (no indexes, keys, defaults or triggers;
 * generated columns, which COPY cannot write, left out of both), over
 * as many connections as the ingest writes on, in chunks spread across them; the fastest of three.
 */
import { sql } from 'kysely';
import postgres from 'postgres';
import { CopyData, copyTextQuery, copyValue } from '../db/copy.js';
import type { Db } from '../db/index.js';

/** Timed loads; the fastest is the ceiling. */
const CEILING_ATTEMPTS = 3;

/** COPY data of one table, cut at line ends into pieces of about this many bytes. */
const CHUNK_BYTES = 1 << 20;

export interface CeilingResult {
  rows: number;
  bytes: number;
  tables: number;
  connections: number;
  seconds: number;
}

interface Chunk {
  table: string;
  columns: string[];
  data: Buffer;
}

/** Cuts COPY text into pieces of whole lines. */
function chunksOf(table: string, columns: string[], data: Buffer): Chunk[] {
  const out: Chunk[] = [];
  for (let start = 0; start < data.length; ) {
    let end = Math.min(data.length, start + CHUNK_BYTES);
    if (end < data.length) end = data.indexOf(0x0a, end) + 1 || data.length;
    out.push({ table, columns, data: data.subarray(start, end) });
    start = end;
  }
  return out;
}

/** Reads every non-empty table of the ingest (not kysely's) as COPY text, and creates its `raw_` twin. */
async function exportTables(db: Db, url: string): Promise<{ chunks: Chunk[]; rows: number; tables: number }> {
  const { rows: tables } = await sql<{ name: string; rows: string }>`
    select c.relname as name, c.reltuples::bigint::text as rows from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and c.relname not like 'kysely_%' and c.relname not like 'raw_%'
    order by 1`.execute(db);
  const reader = postgres(url, { max: 1, onnotice: () => {} });
  const chunks: Chunk[] = [];
  let total = 0;
  let used = 0;
  try {
    for (const { name } of tables) {
      const { rows: count } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(name)}`.execute(db);
      const n = Number(count[0]?.n ?? 0);
      if (n === 0) continue;
      const { rows: cols } = await sql<{ column_name: string }>`
        select column_name from information_schema.columns
        where table_schema = 'public' and table_name = ${name} and is_generated = 'NEVER'
        order by ordinal_position`.execute(db);
      const columns = cols.map((c) => c.column_name);
      const list = sql.join(columns.map((c) => sql.ref(c)));
      const text = columns.map((c) => `${JSON.stringify(c)}::text`).join(', ');
      const data = new CopyData();
      for (const row of await reader.unsafe(`select ${text} from ${JSON.stringify(name)}`).values()) {
        data.line(`${(row as (string | null)[]).map((v) => copyValue(v)).join('\t')}\n`);
      }
      await sql`create table ${sql.table(`raw_${name}`)} as select ${list} from ${sql.table(name)} with no data`.execute(
        db,
      );
      chunks.push(...chunksOf(`raw_${name}`, columns, Buffer.from(data.bytes())));
      total += n;
      used++;
    }
  } finally {
    await reader.end();
  }
  return { chunks, rows: total, tables: used };
}

/** Loads the ingest's rows again with plain COPYs over `connections` connections; the timed part is the load alone. */
export async function copyCeiling(db: Db, url: string, connections: number): Promise<CeilingResult> {
  const { chunks, rows, tables } = await exportTables(db, url);
  // Largest first, each to the connection with the least data so far.
  const lanes = Array.from({ length: connections }, () => ({ bytes: 0, chunks: [] as Chunk[] }));
  for (const chunk of [...chunks].sort((a, b) => b.data.length - a.data.length)) {
    const lane = lanes.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lane.chunks.push(chunk);
    lane.bytes += chunk.data.length;
  }
  // The best of a few loads into emptied tables: a one-second load on a shared machine is noisy,
  // and the ceiling is the fastest the machine does.
  let seconds = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < CEILING_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      const raw = [...new Set(chunks.map((c) => c.table))];
      await sql`truncate ${sql.join(raw.map((t) => sql.table(t)))}`.execute(db);
    }
    const started = performance.now();
    await Promise.all(
      lanes.map((lane) =>
        db.connection().execute(async (conn) => {
          for (const c of lane.chunks) await conn.executeQuery(copyTextQuery(c.table, c.columns, c.data));
        }),
      ),
    );
    seconds = Math.min(seconds, (performance.now() - started) / 1000);
  }
  return { rows, bytes: lanes.reduce((n, l) => n + l.bytes, 0), tables, connections, seconds };
}
