// `npm run migrate -w @modelmint/indexer` (the README's command) migrates the configured
// database through the real npm script, and a second run applies nothing.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { migrations } from '@modelmint/migrations';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, skipPostgres, type TestDb } from './helpers/db.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

describe.skipIf(skipPostgres)('npm run migrate -w @modelmint/indexer', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb('postgres', { migrate: false });
  });
  afterAll(() => t?.dispose());

  const migrate = () =>
    run('npm', ['run', '--silent', 'migrate', '-w', '@modelmint/indexer'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.url, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` },
    });

  it('applies every migration, then nothing', async () => {
    const first = await migrate();
    const names = Object.keys(migrations);
    expect(first.stdout.trim().split('\n')).toEqual([
      ...names.map((n) => `Up ${n}`),
      `postgres database up to date (${names.length} applied)`,
    ]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables where table_name = 'models'`.execute(t.db);
    expect(rows[0]?.n).toBe(1);
    expect((await migrate()).stdout.trim()).toBe('postgres database up to date (0 applied)');
  }, 60_000);
});
