import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import {
  AbortedTransactionError,
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import postgres, { type ReservedSql, type Sql } from 'postgres';
import { copyParameter, copyStatement } from './copy.js';
import { beginStatement, postgresFamilyDialect } from './dialect.js';

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number;
}

const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

/**
 * One reserved postgres.js connection. Runs kysely's compiled queries as prepared statements,
 * and `copy … from stdin` statements (see `copy.ts`) as COPY with their one parameter as the data.
 */
class PostgresJsConnection implements DatabaseConnection {
  constructor(readonly reserved: ReservedSql) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (copyStatement(query.sql)) return this.#copy(query);
    const result = await this.reserved.unsafe(query.sql, query.parameters as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    });
    return {
      rows: Array.from(result) as R[],
      ...(COUNTED.has(result.command) ? { numAffectedRows: BigInt(result.count ?? 0) } : {}),
    };
  }

  async #copy<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const data = copyParameter(query);
    const copy = this.reserved.unsafe(query.sql);
    // postgres.js 3.4 never settles a COPY's stream when the server rejects the data after the
    // last write (porsager/postgres#1173): the error reaches only the query's `reject`, which is
    // a no-op by then. Catch it there so a failed COPY rejects instead of hanging.
    const settle = copy as unknown as { reject: (error: unknown) => void };
    const failure = new Promise<never>((_, fail) => {
      const reject = settle.reject;
      settle.reject = (error: unknown) => {
        fail(error);
        return reject(error);
      };
    });
    failure.catch(() => {});
    const stream = await copy.writable();
    // A failure while writing destroys the stream: `once` rejects with it.
    const finished = once(stream, 'finish');
    stream.end(data);
    await Promise.race([finished, failure]);
    return { rows: [] };
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    const cursor = this.reserved
      .unsafe(query.sql, query.parameters as postgres.ParameterOrJSON<never>[], { prepare: true })
      .cursor(chunkSize);
    for await (const rows of cursor) yield { rows: rows as R[] };
  }
}

/** kysely's driver over a postgres.js pool: each kysely connection is a reserved one. */
class PostgresJsDriver implements Driver {
  constructor(readonly sql: Sql) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PostgresJsConnection(await this.sql.reserve());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(beginStatement(settings)));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // A transaction an earlier error aborted answers COMMIT with ROLLBACK: nothing was written.
    const result = await (connection as PostgresJsConnection).reserved.unsafe('commit');
    if (result.command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PostgresJsConnection).reserved.release();
  }

  async destroy(): Promise<void> {
    await this.sql.end();
  }
}

/**
 * postgres.js's sockets keep Nagle's algorithm on. A COPY ends with a 5-byte message written
 * after its data, which then waits for the server's delayed ACK: ~40 ms for every COPY
 * (measured: 20 small COPYs took 930 ms, 30 ms without Nagle). Connect with `noDelay` instead.
 */
async function connectNoDelay(o: { host: string[]; port: number[]; path?: string | false }): Promise<Socket> {
  const socket = o.path
    ? connect({ path: o.path, noDelay: true })
    : connect({ host: o.host[0] ?? '127.0.0.1', port: o.port[0] ?? 5432, noDelay: true });
  await once(socket, 'connect');
  return socket;
}

/**
 * A connection of the read pool: each statement goes to whichever pooled connection is free (no
 * reservation, so no round trip to take and give back a connection), as a prepared statement.
 */
class PooledConnection implements DatabaseConnection {
  constructor(readonly sql: Sql) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.sql.unsafe(query.sql, query.parameters as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    });
    return { rows: Array.from(result) as R[] };
  }

  // biome-ignore lint/correctness/useYield: the read pool streams nothing
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the read pool does not stream');
  }
}

/** kysely's driver over the read pool: single statements only, never a transaction. */
class ReadPoolDriver implements Driver {
  constructor(readonly sql: Sql) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PooledConnection(this.sql);
  }

  async beginTransaction(): Promise<void> {
    throw new Error('the read pool runs single statements, not transactions');
  }

  async commitTransaction(): Promise<void> {}

  async rollbackTransaction(): Promise<void> {}

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.sql.end();
  }
}

/** Session settings of the read pool (see `postgresReadDialect`). */
export const READ_POOL_SETTINGS = {
  plan_cache_mode: 'force_generic_plan',
  enable_seqscan: 'off',
  // No prefetching either: the searched rows are in shared buffers, and a bitmap scan's prefetch
  // looked every page up twice (a tenth of a search's time, perf).
  effective_io_concurrency: '0',
  // Searches are small, and relevance relies on a union's branches being read in order.
  max_parallel_workers_per_gather: '0',
} as const;

/**
 * The search's read pool. Its statements (repos/search/) are written so that one plan serves
 * every value of their parameters, so its sessions keep the generic plan of each prepared
 * statement (planned once per connection, not on every run) and never take a sequential scan
 * (every shape has an index path; the generic plan's guesses would otherwise pick scans for
 * conditions it cannot see through).
 */
export function postgresReadDialect(url: string, options: PostgresOptions = {}): Dialect {
  const sql = postgres(url, {
    max: options.max ?? 4,
    onnotice: () => {},
    ...({ socket: connectNoDelay } as object),
    // postgres.js reads the array types of the catalog on connecting: without sequential scans
    // that query took ~0.5 s of PostgreSQL's time per connection. The searches read no arrays.
    fetch_types: false,
    connection: READ_POOL_SETTINGS,
  });
  return postgresFamilyDialect(() => new ReadPoolDriver(sql));
}

/** A postgres.js-backed dialect. int8 and numeric are returned as strings (postgres.js's default). */
export function postgresDialect(url: string, options: PostgresOptions = {}): Dialect {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Not in postgres.js's types, but part of its options: a function returning a connected socket.
    ...({ socket: connectNoDelay } as object),
    // postgres.js prepares every statement. After five runs PostgreSQL may switch a prepared
    // statement to a generic plan, and for a search that plan cannot see the words: it guessed
    // "few matches" and scanned all 50,000 models (measured p99 0.5 s instead of 50 ms).
    // Planning each run costs ~0.3 ms and keeps every plan fitted to its parameters.
    connection: { plan_cache_mode: 'force_custom_plan' },
  });
  return postgresFamilyDialect(() => new PostgresJsDriver(sql));
}
