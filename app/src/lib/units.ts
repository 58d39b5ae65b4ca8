// Amounts in base units (lamports, token units) as bigint, never as JS numbers.
// Parsing and formatting are the SDK's (shared with the CLI); this adds the
// currency of a model and the fee split shown before a payment.
import { BPS_DENOMINATOR, formatUnits, NATIVE_MINT_MARKER, parseUnits } from '@modelmint/sdk';

export const SOL_DECIMALS = 9;

/** A model's currency: SOL or an SPL mint with its decimals. */
export interface Currency {
  symbol: string;
  decimals: number;
  /** null for SOL. */
  mint: string | null;
}

export const SOL: Currency = { symbol: 'SOL', decimals: SOL_DECIMALS, mint: null };

/** The currency of a model row from the indexer. */
export function currencyOf(m: { payment_mint: string | null; decimals: number | null }): Currency {
  if (!m.payment_mint || m.payment_mint === NATIVE_MINT_MARKER) return SOL;
  return { symbol: `${m.payment_mint.slice(0, 4)}… tokens`, decimals: m.decimals ?? 0, mint: m.payment_mint };
}

/** `1500000n` in SOL -> `"0.0015 SOL"`; `null` -> `"–"`. */
export function formatAmount(amount: bigint | string | null | undefined, currency: Currency = SOL): string {
  if (amount === null || amount === undefined) return '–';
  return `${formatUnits(typeof amount === 'string' ? BigInt(amount) : amount, currency.decimals)} ${currency.symbol}`;
}

/** What a person typed -> base units (thousands separators allowed), or why not. */
export function parseAmountInput(
  text: string,
  currency: Currency,
): { ok: true; value: bigint } | { ok: false; error: string } {
  const t = text.trim().replaceAll(',', '');
  if (t === '') return { ok: false, error: 'enter an amount' };
  return parseUnits(t.startsWith('.') ? `0${t}` : t, currency.decimals);
}

/** The creator's share and the platform's fee of `amount`, as the program splits it (fee rounded up). */
export function splitFee(amount: bigint, feeBps: number): { fee: bigint; creator: bigint } {
  const denominator = BigInt(BPS_DENOMINATOR);
  const fee = (amount * BigInt(feeBps) + denominator - 1n) / denominator;
  return { fee, creator: amount - fee };
}

/** A dispute's resolution as the program computes it: `refundBps` of the escrow back (rounded down), the rest split like a settlement. */
export function disputeOutcome(
  escrow: bigint,
  refundBps: number,
  feeBps: number,
): { refund: bigint; creator: bigint; fee: bigint } {
  const refund = (escrow * BigInt(refundBps)) / BigInt(BPS_DENOMINATOR);
  return { refund, ...splitFee(escrow - refund, feeBps) };
}

/** A refund share typed as a percentage (`"50"`, `"33.33"`) -> basis points, or why not. */
export function parsePercentBps(text: string): { ok: true; bps: number } | { ok: false; error: string } {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return { ok: false, error: 'a percentage from 0 to 100, at most 2 decimals' };
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (bps > BPS_DENOMINATOR) return { ok: false, error: 'at most 100%' };
  return { ok: true, bps };
}

/** The currency of an amount known only by its mint (a job's, a pass's): SOL, or base units of a token. */
export function currencyOfMint(mint: unknown): Currency {
  if (typeof mint !== 'string' || mint === '' || mint === NATIVE_MINT_MARKER) return SOL;
  return { symbol: `base units of ${mint.slice(0, 4)}…`, decimals: 0, mint };
}
