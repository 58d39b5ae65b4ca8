// Amounts in a currency's smallest unit (lamports, token units) as bigint:
// parsed and formatted exactly, never through a JS number. Shared by the CLI
// and the web app.

/** Largest amount the program stores (u64). */
export const U64_MAX = 2n ** 64n - 1n;

/** `"1.5"` in a currency with `decimals` -> smallest units, or why it is not an amount. */
export function parseUnits(text: string, decimals: number): { ok: true; value: bigint } | { ok: false; error: string } {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return { ok: false, error: `"${text}" is not a non-negative decimal number` };
  const frac = m[2] ?? '';
  if (frac.length > decimals) return { ok: false, error: `"${text}" has more than ${decimals} decimals` };
  const value = BigInt(m[1] ?? '0') * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
  if (value > U64_MAX) return { ok: false, error: `"${text}" is too large` };
  return { ok: true, value };
}

/** Smallest units -> `"1.5"` (no trailing zeros). */
export function formatUnits(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const s = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = s.slice(0, s.length - decimals);
  const frac = s.slice(s.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

const UNIT_SECS: Record<string, bigint> = { s: 1n, m: 60n, h: 3600n, d: 86_400n, w: 604_800n };

/**
 * An expiry: unix seconds, an ISO date/time, or a duration from `now` (`30d`,
 * `12h`, `90m`, `2w`); `0`/`never` = never expires. Returns unix seconds or
 * an error message.
 */
export function parseExpiry(text: string, now: bigint): bigint | string {
  const t = text.trim();
  if (t === '' || t === '0' || t.toLowerCase() === 'never') return 0n;
  const rel = /^\+?(\d+)([smhdw])$/.exec(t);
  if (rel) return now + BigInt(rel[1] ?? '0') * (UNIT_SECS[rel[2] ?? 's'] ?? 1n);
  if (/^\d+$/.test(t)) {
    const v = BigInt(t);
    return v >= 2n ** 63n ? `"${t}" is too large` : v;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) return `"${t}" is not a valid date`;
    const secs = BigInt(Math.floor(ms / 1000));
    return secs <= now ? `${t} is in the past` : secs;
  }
  return `"${t}" is not unix seconds, an ISO date or a duration like 30d`;
}
