import { migrations } from '@modelmint/migrations';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { migrateDown, migrateToLatest, migrateToZero } from '../src/db/migrate.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';

const TABLES = [
  'access_grants',
  'config',
  'disputes',
  'events',
  'fold_partitions',
  'ingest_cursors',
  'job_timeline',
  'jobs',
  'model_cards',
  'model_versions',
  'models',
  'oracle_progress',
  'oracles',
  'passes',
  'payments',
  'ratings',
  'subscriptions',
  'transactions',
  'trusted_mints',
];

async function tables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(db);
  return rows.map((r) => r.name);
}

describe.each(backends)('migrations on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(kind, { migrate: false });
  });
  afterAll(() => t?.dispose());

  it('go up, all the way down, and up again', async () => {
    const names = Object.keys(migrations);
    expect(await migrateToLatest(t.db)).toEqual(names.map((n) => `Up ${n}`));
    expect(await tables(t.db)).toEqual(TABLES);
    expect(await migrateToLatest(t.db)).toEqual([]);

    // Newest first, each down on its own, to before the program-accounts migration.
    const toUndo = names.slice(names.indexOf('20261123T0900_program_accounts')).reverse();
    for (const name of toUndo) expect(await migrateDown(t.db)).toEqual([`Down ${name}`]);
    expect(await tables(t.db)).not.toContain('fold_partitions');

    await migrateToZero(t.db);
    expect(await tables(t.db)).toEqual([]);

    expect(await migrateToLatest(t.db)).toEqual(names.map((n) => `Up ${n}`));
    expect(await tables(t.db)).toEqual(TABLES);
  });

  it('keys compare bytewise and event bodies are stored as received', async () => {
    const { rows } = await sql<{
      table_name: string;
      column_name: string;
      collation_name: string | null;
      data_type: string;
    }>`
      select table_name, column_name, collation_name, data_type from information_schema.columns
      where table_schema = 'public' and (table_name, column_name) in
        (('events', 'signature'), ('jobs', 'address'), ('payments', 'model'), ('events', 'data'), ('models', 'name'))
      order by 1, 2`.execute(t.db);
    expect(rows.map((r) => `${r.table_name}.${r.column_name} ${r.collation_name ?? '-'} ${r.data_type}`)).toEqual([
      'events.data - json',
      'events.signature C text',
      'jobs.address C text',
      'models.name - text',
      'payments.model C text',
    ]);
  });

  it('stores every u64 amount as numeric(20,0)', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; precision: number; scale: number }>`
      select table_name, column_name, numeric_precision as precision, numeric_scale as scale
      from information_schema.columns
      where table_schema = 'public' and data_type = 'numeric' and column_name not in ('pos') and column_name not like '%_pos'
      order by 1, 2`.execute(t.db);
    const amounts = rows.map((r) => `${r.table_name}.${r.column_name}`);
    for (const column of [
      'models.price_per_use',
      'models.gross_revenue',
      'jobs.escrowed',
      'payments.amount',
      'passes.escrowed',
    ]) {
      expect(amounts).toContain(column);
    }
    for (const row of rows) expect([row.precision, row.scale]).toEqual([20, 0]);
  });

  it('round-trips u64::MAX exactly and rejects a negative payment', async () => {
    const max = (2n ** 64n - 1n).toString();
    const { rows } = await sql<{ v: string }>`select ${max}::numeric(20,0) as v`.execute(t.db);
    expect(rows[0]?.v).toBe(max);
    await expect(
      sql`insert into payments (signature, event_index, leg, kind, from_address, to_address, amount, mint, slot, pos, commitment)
          values ('s', 0, 0, 'job_fee', 'a', 'b', -1, 'm', 1, 1, 'confirmed')`.execute(t.db),
    ).rejects.toThrow();
  });

  it('has full-text and trigram search on models', async () => {
    await sql`insert into models (address, name, description, tags, slot, signature, commitment, pos, created_at)
              values ('m1', 'Pixel Cats', 'Draws cats in pixel art', '{anime,retro}', 1, 's', 'confirmed', 1, 1)`.execute(
      t.db,
    );
    const fts = await sql<{ address: string }>`
      select address from models where search @@ websearch_to_tsquery('english', 'retro drawing')`.execute(t.db);
    expect(fts.rows.map((r) => r.address)).toEqual(['m1']);
    const trgm = await sql<{ s: number }>`select similarity(name, 'pixl cat') as s from models`.execute(t.db);
    expect(Number(trgm.rows[0]?.s)).toBeGreaterThan(0.2);
  });
});
