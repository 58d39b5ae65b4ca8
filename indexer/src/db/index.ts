import type { Database } from '@modelmint/migrations';
import { Kysely, type Transaction } from 'kysely';
import { openPglite, pgliteDialect } from './pglite.js';
import { postgresDialect } from './postgres.js';

export type { Database } from '@modelmint/migrations';

/** The database, or an open transaction on it: repositories and ingest take either. */
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type DbOrTrx = Db | Trx;

export type DbKind = 'pglite' | 'postgres';

export interface DbOptions {
  /** A PostgreSQL URL; when set, real PostgreSQL is used. */
  databaseUrl?: string | undefined;
  /** PGlite's data directory when no URL is set; undefined keeps PGlite in memory. */
  pgliteDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export interface DbHandle {
  db: Db;
  kind: DbKind;
  /** Closes the pool / the PGlite instance. */
  close(): Promise<void>;
}

/** Opens the indexer's database: PostgreSQL when a URL is given, otherwise PGlite. */
export async function createDb(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const db = new Kysely<Database>({
      dialect: postgresDialect(options.databaseUrl, options.poolSize ? { max: options.poolSize } : {}),
    });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const pglite = await openPglite(options.pgliteDir);
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
