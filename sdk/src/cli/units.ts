// Amounts, times and durations on the command line.
import { type Address, isAddress, address as toAddress } from '@solana/kit';
import { formatUnits, parseExpiry, parseUnits } from '../amounts.js';
import { usageError } from './errors.js';

/** Lamports in one SOL. */
export const LAMPORTS_PER_SOL = 1_000_000_000n;

/** `"1.5"` in a currency with `decimals` → smallest units, exactly (no floating point). */
export function parseAmount(text: string, decimals: number, what = 'amount'): bigint {
  const r = parseUnits(text, decimals);
  if (!r.ok) throw usageError(`${what}: ${r.error}`);
  return r.value;
}

/** Smallest units → `"1.5"`. */
export const formatAmount = formatUnits;

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

export { parseExpiry };

/** Unix seconds → ISO text; 0 → null. */
export function isoTime(secs: bigint): string | null {
  return secs === 0n ? null : new Date(Number(secs) * 1000).toISOString();
}
