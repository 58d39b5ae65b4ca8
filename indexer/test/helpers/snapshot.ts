import { type Database, EVENT_ROW_TABLES, MIRROR_TABLES } from '@modelmint/migrations';
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.js';

const TABLES: (keyof Database)[] = [
  'transactions',
  ...EVENT_ROW_TABLES,
  ...MIRROR_TABLES,
  'fold_partitions',
  'ingest_cursors',
];

/**
 * Every row of every table the ingest writes, in a stable order, as plain JSON: two databases
 * with equal snapshots hold the same data. (`search*` are derived; `updated_at` is wall-clock.)
 */
export async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out[table] = rows.rows
      .map((row) => {
        const { search: _s, search_name: _n, search_tags: _t, updated_at: _u, ...rest } = row;
        return JSON.parse(JSON.stringify(rest)) as unknown;
      })
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  return out;
}
