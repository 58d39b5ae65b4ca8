import { mkdir } from 'node:fs/promises';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PGliteDialect,
  type TransactionSettings,
} from 'kysely';
import { Mutex } from './mutex.js';

/**
 * int8 and numeric come back as decimal strings, as postgres.js returns them, so no u64 ever
 * passes through a JS number and both backends give the same rows.
 */
const parsers = {
  [types.INT8]: (value: string) => value,
  [types.NUMERIC]: (value: string) => value,
};

/** Opens (creating if needed) a PGlite database; `dataDir` undefined means in memory. */
export async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  return PGlite.create({ dataDir, parsers, extensions: { pg_trgm } });
}

/**
 * PGlite has one connection. kysely's PGlite driver hands it to every caller at once, so a
 * query issued while another caller's transaction is open would run inside that transaction.
 * This driver gives the connection to one caller at a time (a transaction holds it until it ends).
 */
class SerializedDriver implements Driver {
  readonly #inner: Driver;
  readonly #mutex = new Mutex();
  readonly #releases = new Map<DatabaseConnection, () => void>();

  constructor(inner: Driver) {
    this.#inner = inner;
  }
  init(): Promise<void> {
    return this.#inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    const connection = await this.#inner.acquireConnection();
    this.#releases.set(connection, release);
    return connection;
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.#inner.releaseConnection(connection);
    const release = this.#releases.get(connection);
    this.#releases.delete(connection);
    release?.();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }
  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** The PGlite dialect with one caller on the connection at a time. */
export function pgliteDialect(pglite: PGlite): Dialect {
  const inner = new PGliteDialect({ pglite });
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new SerializedDriver(inner.createDriver()),
    createIntrospector: (db: Kysely<unknown>) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}
