// A small checker for JSON response shapes, as Solana's RPC documentation gives them.
export type Shape =
  | 'u64'
  | 'i64'
  | 'number'
  | 'string'
  | 'boolean'
  | 'null'
  | 'unknown'
  | { $array: Shape }
  | { $oneOf: Shape[] }
  | { $optional: Shape }
  | { [key: string]: Shape };

export const arrayOf = (s: Shape): Shape => ({ $array: s });
export const oneOf = (...s: Shape[]): Shape => ({ $oneOf: s });
export const optional = (s: Shape): Shape => ({ $optional: s });
export const nullable = (s: Shape): Shape => oneOf(s, 'null');
export const contextual = (value: Shape): Shape => ({
  context: { apiVersion: optional('string'), slot: 'u64' },
  value,
});

/** Problems found checking `v` against `shape` (empty when it conforms). */
export function check(v: unknown, shape: Shape, path = '$'): string[] {
  if (typeof shape === 'string') {
    switch (shape) {
      case 'unknown':
        return [];
      case 'u64':
        return typeof v === 'number' && Number.isInteger(v) && v >= 0
          ? []
          : [`${path}: expected u64, got ${JSON.stringify(v)}`];
      case 'i64':
        return typeof v === 'number' && Number.isInteger(v) ? [] : [`${path}: expected i64, got ${JSON.stringify(v)}`];
      case 'null':
        return v === null ? [] : [`${path}: expected null, got ${JSON.stringify(v)}`];
      default:
        return typeof v === shape ? [] : [`${path}: expected ${shape}, got ${JSON.stringify(v)}`];
    }
  }
  if ('$array' in shape && Object.keys(shape).length === 1) {
    if (!Array.isArray(v)) return [`${path}: expected array`];
    return v.flatMap((e, i) => check(e, shape.$array as Shape, `${path}[${i}]`));
  }
  if ('$oneOf' in shape && Array.isArray(shape.$oneOf)) {
    const options = shape.$oneOf as Shape[];
    return options.some((s) => check(v, s, path).length === 0)
      ? []
      : [`${path}: matches none of the alternatives: ${JSON.stringify(v)?.slice(0, 200)}`];
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return [`${path}: expected object, got ${JSON.stringify(v)}`];
  const obj = v as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, s] of Object.entries(shape)) {
    const isOptional = typeof s === 'object' && '$optional' in s;
    if (!(k in obj)) {
      if (!isOptional) out.push(`${path}.${k}: missing`);
      continue;
    }
    out.push(...check(obj[k], isOptional ? (s.$optional as Shape) : s, `${path}.${k}`));
  }
  for (const k of Object.keys(obj)) if (!(k in shape)) out.push(`${path}.${k}: not in the documented shape`);
  return out;
}
