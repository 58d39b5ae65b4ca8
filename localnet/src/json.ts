// JSON values with u64 integers as bigint: Solana's RPC writes u64 as plain JSON
// integers, which JSON.stringify cannot produce from a bigint.

export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };
export type JsonObject = { [key: string]: JsonValue | undefined };

const BIGINT_MARK = '\u0000n';
const BIGINT_RE = /"\\u0000n(-?\d+)"/g;

/** Serialises `value`; bigints become plain integers, `undefined` properties are left out. */
export function stringify(value: JsonValue | undefined): string {
  if (value === undefined) return 'null';
  const text = JSON.stringify(value, (_k: string, v: unknown): unknown =>
    typeof v === 'bigint' ? `${BIGINT_MARK}${v.toString()}` : v,
  );
  // Only a string that is exactly U+0000 'n' digits could be mistaken for a bigint.
  return text.replace(BIGINT_RE, '$1');
}

/** A record narrowed from unknown JSON. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Serialises for the state file: bigints are kept exact as `{"$n":"..."}`. */
export function toStateJson(value: unknown): string {
  return JSON.stringify(value, (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? { $n: v.toString() } : v));
}

/** Parses what {@link toStateJson} wrote, restoring bigints. */
export function fromStateJson(text: string): unknown {
  return JSON.parse(text, (_k: string, v: unknown): unknown => {
    if (isRecord(v) && typeof v.$n === 'string' && Object.keys(v).length === 1) return BigInt(v.$n);
    return v;
  });
}
