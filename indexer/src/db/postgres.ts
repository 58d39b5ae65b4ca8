import type { Dialect } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number;
}

/** A postgres.js-backed dialect. int8 and numeric are returned as strings (postgres.js's default). */
export function postgresDialect(url: string, options: PostgresOptions = {}): Dialect {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
  });
  return new PostgresJSDialect({ postgres: sql });
}
