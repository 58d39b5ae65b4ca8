// The shape of a command and helpers shared by the commands.
import type { Address } from '@solana/kit';
import { cidToString, isNoneCid } from '../cid.js';
import { NATIVE_MINT_MARKER } from '../constants.js';
import type { Model } from '../generated/accounts/index.js';
import type { OptionSpecs, Values } from './args.js';
import type { Context } from './context.js';
import { usageError } from './errors.js';
import type { PrintableObject } from './output.js';
import { formatAmount, parseAddress } from './units.js';

export interface CommandInput {
  positionals: string[];
  values: Values;
}

export interface Command {
  /** Command words, e.g. `['model', 'create']`. */
  path: string[];
  /** Positional arguments for the help text, e.g. `ADDRESS`. */
  args?: string;
  summary: string;
  options: OptionSpecs;
  /** Commands that never touch the cluster (keygen) skip the connection checks. */
  offline?: boolean;
  run(ctx: Context, input: CommandInput): Promise<PrintableObject>;
}

/** The one positional argument a command takes, as an address. */
export function addressArg(input: CommandInput, what: string): Address {
  const [first, ...more] = input.positionals;
  if (first === undefined) throw usageError(`${what} is required`);
  if (more.length) throw usageError(`unexpected arguments: ${more.join(' ')}`);
  return parseAddress(first, what);
}

/** Exactly `n` positionals. */
export function positionals(input: CommandInput, names: string[]): string[] {
  if (input.positionals.length < names.length)
    throw usageError(`missing ${names.slice(input.positionals.length).join(' ')}`);
  if (input.positionals.length > names.length) {
    throw usageError(`unexpected arguments: ${input.positionals.slice(names.length).join(' ')}`);
  }
  return input.positionals;
}

export const CATEGORIES = ['caption', 'style', 'generate'] as const;
export const VISIBILITIES = ['public', 'allowlist'] as const;
export const MODEL_STATUSES = ['draft', 'training', 'ready', 'paused'] as const;
export const JOB_STATUSES = ['open', 'claimed', 'delivered', 'disputed', 'settled', 'refunded'] as const;
export const JOB_KINDS = ['inference', 'training'] as const;
export const PAYMENT_MODES = ['per-use', 'subscription', 'pass', 'training-fee'] as const;

/** Index of `text` among `names`, or a usage error naming the choices. */
export function choice(text: string, names: readonly string[], what: string): number {
  const i = names.indexOf(text.trim().toLowerCase());
  if (i < 0) throw usageError(`${what} must be one of ${names.join(', ')} (got "${text}")`);
  return i;
}

/** Name of index `i` in `names`, or `unknown(i)`. */
export function nameOf(names: readonly string[], i: number): string {
  return names[i] ?? `unknown(${i})`;
}

/** CID text, or null for the all-zero "none". */
export function cidText(cid: Uint8Array | ArrayLike<number>): string | null {
  const bytes = Uint8Array.from(cid as ArrayLike<number>);
  if (isNoneCid(bytes)) return null;
  try {
    return cidToString(bytes);
  } catch {
    return Buffer.from(bytes).toString('hex');
  }
}

/** The currency a model is paid in: SOL (9 decimals) or an SPL mint. */
export function currencyOf(m: Pick<Model, 'paymentMint' | 'decimals'>): { currency: string; decimals: number } {
  return m.paymentMint === NATIVE_MINT_MARKER
    ? { currency: 'SOL', decimals: 9 }
    : { currency: m.paymentMint, decimals: m.decimals };
}

/** `"0.001 SOL"` for a person. */
export function money(units: bigint, c: { currency: string; decimals: number }): string {
  return `${formatAmount(units, c.decimals)} ${c.currency === 'SOL' ? 'SOL' : `(mint ${c.currency})`}`;
}

/** `{signature}` of a sent transaction, for results. */
export function txResult(sent: { signature: string }): PrintableObject {
  return { signature: sent.signature };
}

/** Sleeps `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Prints a line for a person about what is being sent. */
export function note(ctx: Context, text: string): void {
  ctx.out.info(text);
}
