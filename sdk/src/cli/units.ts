// Amounts, times and durations on the command line.
import { type Address, isAddress, address as toAddress } from '@solana/kit';
import { usageError } from './errors.js';

/** Lamports in one SOL. */
export const LAMPORTS_PER_SOL = 1_000_000_000n;

/** `"1.5"` in a currency with `decimals` → smallest units, exactly (no floating point). */
export function parseAmount(text: string, decimals: number, what = 'amount'): bigint {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) throw usageError(`${what}: "${text}" is not a non-negative decimal number`);
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  if (frac.length > decimals) throw usageError(`${what}: "${text}" has more than ${decimals} decimals`);
  const units = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
  if (units >= 2n ** 64n) throw usageError(`${what}: "${text}" is too large`);
  return units;
}

/** Smallest units → `"1.5"`. */
export function formatAmount(units: bigint, decimals: number): string {
  if (decimals === 0) return units.toString();
  const s = units.toString().padStart(decimals + 1, '0');
  const whole = s.slice(0, -decimals);
  const frac = s.slice(-decimals).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

/** A non-negative integer option. */
export function parseInteger(text: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text.trim())) throw usageError(`${what}: "${text}" is not an integer`);
  const n = Number(text);
  if (n < min || n > max) throw usageError(`${what}: ${n} is outside ${min}..${max}`);
  return n;
}

/** A base58 address. */
export function parseAddress(text: string, what: string): Address {
  if (!isAddress(text.trim())) throw usageError(`${what}: "${text}" is not a valid address`);
  return toAddress(text.trim());
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

/** Unix seconds → ISO text; 0 → null. */
export function isoTime(secs: bigint): string | null {
  return secs === 0n ? null : new Date(Number(secs) * 1000).toISOString();
}
