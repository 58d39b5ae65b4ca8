import { CompiledQuery } from 'kysely';
import { columnTypes, pickTypes } from './columns.js';
import type { DbOrTrx } from './index.js';

/**
 * Bulk loading with COPY. PostgreSQL parses COPY's text format several times faster than the
 * same rows as a JSON parameter (`bulk.ts`): 100,000 events took 0.37 s against 1.3 s (psql,
 * no indexes). kysely has no COPY, so the statement travels as a raw query of exactly the form
 * `copy <table> (<columns>) from stdin` with the rows, in COPY text format (a string or its
 * UTF-8 bytes), as its one parameter; both dialects (`postgres.ts`, `pglite.ts`) recognise that form and run it as COPY.
 */
const COPY_FROM_STDIN = /^copy [a-z_]+ \([a-z_, ]+\) from stdin$/;

export function copyStatement(sql: string): boolean {
  return COPY_FROM_STDIN.test(sql);
}

/** A COPY statement's data: its one parameter, text or its UTF-8 bytes (what the drivers send). */
export function copyParameter(query: CompiledQuery): string | Uint8Array {
  const [data] = query.parameters;
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new Error('a copy statement takes its rows as one text parameter');
  }
  return data;
}

const NAME = /^[a-z_]+$/;
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** An array as a PostgreSQL array literal (`{"a","b"}`; nested arrays as nested braces). */
function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    return `"${String(v).replace(/["\\]/g, '\\$&')}"`;
  });
  return `{${items.join(',')}}`;
}

/** How a column's values are written: as JSON, as an array literal, or as a plain value. */
export type ColumnKind = 'json' | 'array' | 'scalar';

export function columnKind(type: string): ColumnKind {
  if (type === 'json' || type === 'jsonb') return 'json';
  return type.endsWith('[]') ? 'array' : 'scalar';
}

function escapeText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPED[c] as string) : text;
}

/**
 * One value in COPY text format: `\N` for null, backslash escapes for the four special
 * characters; JSON columns take any value as JSON, array columns an array.
 */
export function copyValue(value: unknown, kind: ColumnKind = 'scalar'): string {
  if (value === null || value === undefined) return '\\N';
  if (kind === 'json') return escapeText(JSON.stringify(value));
  if (kind === 'array') {
    if (!Array.isArray(value)) throw new Error(`copy: an array column was given ${typeof value}`);
    return escapeText(arrayLiteral(value));
  }
  switch (typeof value) {
    case 'string':
      return escapeText(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    default:
      if (value instanceof Date) return value.toISOString();
      throw new Error(`copy: a plain column was given ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
}

/** A JSON column's value in COPY text: only backslashes need doubling (JSON escapes tabs, newlines and returns itself). */
export function copyJson(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = JSON.stringify(value);
  return text.includes('\\') ? text.replaceAll('\\', '\\\\') : text;
}

/**
 * COPY data built a line at a time straight into a growing buffer: each line's string dies
 * young, where one long concatenated string kept every piece alive (the garbage collector's
 * largest share of an ingest) and was converted to bytes again when sent.
 */
export class CopyData {
  #buffer = Buffer.allocUnsafe(64 * 1024);
  #length = 0;

  /** Appends a line (its text must end with the newline). */
  line(text: string): void {
    const room = this.#length + text.length * 3;
    if (room > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(room, this.#buffer.length * 2));
      this.#buffer.copy(grown, 0, 0, this.#length);
      this.#buffer = grown;
    }
    this.#length += this.#buffer.write(text, this.#length, 'utf8');
  }

  /** The data so far (a view of the buffer, valid until the next line). */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }
}

/** The rows in COPY text format over `columns` (a line each, tab-separated), as bytes. */
export function copyData(rows: readonly object[], columns: readonly string[], kinds?: readonly ColumnKind[]): Buffer {
  const encode = columns.map((_, i) => {
    const kind = kinds?.[i] ?? 'scalar';
    return kind === 'json' ? copyJson : (value: unknown) => copyValue(value, kind);
  });
  const data = new CopyData();
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += '\t';
      line += (encode[i] as (value: unknown) => string)(record[columns[i] as string]);
    }
    data.line(`${line}\n`);
  }
  return data.bytes();
}

/** `copyData` as text. */
export function copyText(rows: readonly object[], columns: readonly string[], kinds?: readonly ColumnKind[]): string {
  return copyData(rows, columns, kinds).toString('utf8');
}

function checkNames(table: string, columns: readonly string[]): void {
  for (const name of [table, ...columns]) if (!NAME.test(name)) throw new Error(`copyRows: bad identifier ${name}`);
}

/**
 * The COPY statement inserting `rows` (columns: those of the first row; null for no rows), given
 * the table's column types: built without a round trip, so it can be prepared while the
 * connection is busy with another statement.
 */
export function copyQuery(
  table: string,
  rows: readonly object[],
  types: ReadonlyMap<string, string>,
): CompiledQuery | null {
  const first = rows[0];
  if (!first) return null;
  const columns = Object.keys(first);
  checkNames(table, columns);
  const kinds = pickTypes(table, types, columns).map(columnKind);
  return rawCopy(table, columns, copyData(rows, columns, kinds));
}

/** A COPY statement for data already in COPY text format over `columns`. */
export function copyTextQuery(table: string, columns: readonly string[], text: string | Uint8Array): CompiledQuery {
  checkNames(table, columns);
  return rawCopy(table, columns, text);
}

/** The statement form the drivers recognise (names checked by the caller). */
function rawCopy(table: string, columns: readonly string[], data: string | Uint8Array): CompiledQuery {
  return CompiledQuery.raw(`copy ${table} (${columns.join(', ')}) from stdin`, [data]);
}

/**
 * Inserts rows with COPY (columns: those of the first row). No conflict handling: a duplicate key
 * fails the statement, and with it the caller's transaction.
 */
export async function copyRows(db: DbOrTrx, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  checkNames(table, []);
  const query = copyQuery(table, rows, await columnTypes(db, table));
  if (query) await db.executeQuery(query);
}
