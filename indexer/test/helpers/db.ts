import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { createDb, type DbHandle } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';

const SETUP = fileURLToPath(new URL('../../../scripts/setup-postgres', import.meta.url));

/** Real PostgreSQL runs unless MODELMINT_SKIP_PG=1. */
export const skipPostgres = process.env.MODELMINT_SKIP_PG === '1';

let serverUrl: string | undefined;

/** Starts (once per process) the test cluster through scripts/setup-postgres; returns its URL. */
export function postgresServerUrl(): string {
  serverUrl ??= process.env.MODELMINT_TEST_DATABASE_URL ?? execFileSync('bash', [SETUP], { encoding: 'utf8' }).trim();
  return serverUrl;
}

export interface TestDb extends DbHandle {
  /** Closes the handle and, for PostgreSQL, drops the scratch database. */
  dispose(): Promise<void>;
  /** PostgreSQL: the scratch database's URL. */
  url?: string;
}

/** A fresh, empty database of the given kind (a scratch database on the test cluster for PostgreSQL). */
export async function freshDb(kind: 'pglite' | 'postgres', options: { migrate?: boolean } = {}): Promise<TestDb> {
  let handle: DbHandle;
  let databaseUrl: string | undefined;
  let cleanup = async () => {};
  if (kind === 'pglite') {
    const dir = join(tmpdir(), `mm-pglite-${randomBytes(6).toString('hex')}`);
    await cp(await pgliteTemplate(), dir, { recursive: true });
    handle = await createDb({ pgliteDir: dir });
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    const url = new URL(postgresServerUrl());
    const name = `mm_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    handle = await createDb({ databaseUrl: url.toString(), poolSize: 4 });
    cleanup = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    ...(databaseUrl ? { url: databaseUrl } : {}),
    dispose: async () => {
      await handle.close();
      await cleanup();
    },
  };
}

export const backends = skipPostgres ? (['pglite'] as const) : (['pglite', 'postgres'] as const);

/**
 * A fresh PGlite data directory costs 6-18 s here (initdb in WASM) while opening an existing one
 * takes about 1 s: tests copy an empty template, made once per PGlite version and kept in the
 * cache. Parallel workers may race to make it; the atomic rename keeps one.
 */
async function pgliteTemplate(): Promise<string> {
  const pkg = JSON.parse(
    await readFile(
      fileURLToPath(new URL('../../../node_modules/@electric-sql/pglite/package.json', import.meta.url)),
      'utf8',
    ),
  ) as { version: string };
  const cache = process.env.MODELMINT_CACHE ?? join(homedir(), '.cache', 'modelmint');
  const template = join(cache, 'indexer-test', `pglite-${pkg.version}`);
  try {
    await readFile(join(template, 'PG_VERSION'));
    return template;
  } catch {
    const building = `${template}.${randomBytes(6).toString('hex')}`;
    await mkdir(building, { recursive: true });
    const pglite = await openPglite(building);
    await pglite.close();
    try {
      await rename(building, template);
    } catch {
      await rm(building, { recursive: true, force: true });
    }
    return template;
  }
}
