import type { Database } from '@modelmint/migrations';
import { Kysely, type Transaction } from 'kysely';
import { openPglite, pgliteDialect } from './pglite.js';
import { postgresDialect, postgresReadDialect } from './postgres.js';

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
  /** Connections of PostgreSQL's read pool (search). */
  readPoolSize?: number;
}

export interface DbHandle {
  db: Db;
  /**
   * Where searches read: on PostgreSQL a pool of its own that keeps generic plans and runs single
   * statements only (postgres.ts, `postgresReadDialect`); on PGlite the same database.
   */
  read: Db;
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
    const read = new Kysely<Database>({
      dialect: postgresReadDialect(options.databaseUrl, options.readPoolSize ? { max: options.readPoolSize } : {}),
    });
    return {
      db,
      read,
      kind: 'postgres',
      close: async () => {
        await read.destroy();
        await db.destroy();
      },
    };
  }
  const pglite = await openPglite(options.pgliteDir);
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    read: db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
