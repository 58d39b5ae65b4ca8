import { mkdir } from 'node:fs/promises';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  AbortedTransactionError,
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { copyParameter, copyStatement } from './copy.js';
import { beginStatement, postgresFamilyDialect } from './dialect.js';
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
 * PGlite's one connection. `copy … from stdin` statements (`copy.ts`) run as COPY from a blob.
 * Transactions are plain BEGIN/COMMIT statements: the driver gives the connection to one caller
 * at a time, so nothing else runs inside a caller's transaction.
 */
class PgliteConnection implements DatabaseConnection {
  constructor(readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (copyStatement(query.sql)) {
      const data = copyParameter(query);
      await this.pglite.query(query.sql.replace(/from stdin$/, "from '/dev/blob'"), [], {
        blob: new Blob([data as string | Uint8Array<ArrayBuffer>]),
      });
      return { rows: [] };
    }
    const { affectedRows, rows } = await this.pglite.query<R>(query.sql, [...query.parameters], { rowMode: 'object' });
    return { rows, ...(affectedRows != null ? { numAffectedRows: BigInt(affectedRows) } : {}) };
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors; kysely requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite');
  }
}

/**
 * PGlite has one connection. A caller holds it from acquire to release (a transaction, until it
 * ends), so a query issued while another caller's transaction is open waits instead of running
 * inside that transaction.
 */
class PgliteDriver implements Driver {
  readonly #connection: PgliteConnection;
  readonly #mutex = new Mutex();
  #release: (() => void) | undefined;

  constructor(pglite: PGlite) {
    this.#connection = new PgliteConnection(pglite);
  }
  async init(): Promise<void> {
    await this.#connection.pglite.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.lock();
    return this.#connection;
  }
  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(beginStatement(settings)));
  }
  async commitTransaction(): Promise<void> {
    // A transaction an earlier error aborted answers COMMIT with ROLLBACK: nothing was written.
    const result = await this.#connection.pglite.query('commit');
    if ((result as { command?: string }).command === 'ROLLBACK') throw new AbortedTransactionError();
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  // The PGlite instance is closed by its owner (`createDb`'s handle).
  async destroy(): Promise<void> {}
}

/** The PGlite dialect with one caller on the connection at a time. */
export function pgliteDialect(pglite: PGlite): Dialect {
  return postgresFamilyDialect(() => new PgliteDriver(pglite));
}
