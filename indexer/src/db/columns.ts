import { sql } from 'kysely';
import type { DbOrTrx } from './index.js';

/** Column types of a table (format_type), cached per table name (the schema is the migrations'). */
const typeCache = new Map<string, Map<string, string>>();

export async function columnTypes(db: DbOrTrx, table: string): Promise<Map<string, string>> {
  let types = typeCache.get(table);
  if (!types) {
    const rows = await sql<{
      name: string;
      type: string;
    }>`select attname as name, format_type(atttypid, atttypmod) as type
      from pg_attribute where attrelid = ${table}::regclass and attnum > 0 and not attisdropped`.execute(db);
    types = new Map(rows.rows.map((r) => [r.name, r.type]));
    typeCache.set(table, types);
  }
  return types;
}

/** A table's column types if `columnTypes` read them already (statements built synchronously). */
export function loadedColumnTypes(table: string): Map<string, string> {
  const types = typeCache.get(table);
  if (!types) throw new Error(`${table}: column types not loaded (columnTypes first)`);
  return types;
}

/** The type of each of `columns` in `table`; an unknown column is an error naming it. */
export function pickTypes(table: string, types: ReadonlyMap<string, string>, columns: readonly string[]): string[] {
  return columns.map((c) => {
    const type = types.get(c);
    if (!type) throw new Error(`${table}.${c}: no such column`);
    return type;
  });
}
