import {
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type TransactionSettings,
} from 'kysely';

/** A kysely dialect speaking PostgreSQL through `createDriver` (postgres.js or PGlite). */
export function postgresFamilyDialect(createDriver: () => Driver): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver,
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

/** The statement opening a transaction with kysely's settings. */
export function beginStatement(settings: TransactionSettings): string {
  const modes = [
    settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '',
    settings.accessMode ?? '',
  ].filter((m) => m !== '');
  return modes.length > 0 ? `start transaction ${modes.join(' ')}` : 'begin';
}
