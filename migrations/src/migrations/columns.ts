import { type CreateTableBuilder, sql } from 'kysely';

/** `numeric(20,0)`: every u64 amount and counter. */
export const u64 = sql`numeric(20, 0)`;
/** `numeric(30,0)`: an event position (slot, index in block, event index). */
export const position = sql`numeric(30, 0)`;

/** slot, signature, commitment and pos of the last event that wrote the row. */
export function chainColumns<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, never> {
  return table
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('commitment', 'text', (c) => c.notNull().check(sql`commitment in ('confirmed', 'finalized')`))
    .addColumn('pos', position, (c) => c.notNull());
}

/** A `text` column restricted to the given values. */
export function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
