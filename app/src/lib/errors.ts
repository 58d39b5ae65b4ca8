// Every failure a person can meet, as a message they can act on: the program's
// errors by their IDL name, a wallet's rejection as a neutral "cancelled",
// insufficient funds, the wrong network, and the rest by their deepest cause.
import { isModelmintProgramError, toModelmintError } from '@modelmint/sdk';
import {
  isSolanaError,
  SOLANA_ERROR__INSTRUCTION_ERROR__INSUFFICIENT_FUNDS,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
  SOLANA_ERROR__TRANSACTION_ERROR__ACCOUNT_NOT_FOUND,
  SOLANA_ERROR__TRANSACTION_ERROR__BLOCKHASH_NOT_FOUND,
  SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_FEE,
  SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_RENT,
} from '@solana/kit';
import {
  isWalletStandardError,
  WALLET_STANDARD_ERROR__FEATURES__WALLET_ACCOUNT_CHAIN_UNSUPPORTED,
} from '@wallet-standard/errors';
import { isRejection } from './rejection.js';

export type ErrorKind = 'cancelled' | 'program' | 'funds' | 'network' | 'other';

export interface Described {
  kind: ErrorKind;
  /** One line for a toast or an alert. */
  message: string;
  /** Program logs of a failed simulation, for a "Details" disclosure. */
  logs?: readonly string[];
}

/** A failure we raise ourselves before asking the wallet (e.g. a balance too low). */
export class UserFacingError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

function causes(error: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 10; depth++) {
    out.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

function logsOf(list: unknown[]): readonly string[] | undefined {
  for (const e of list) {
    if (isSolanaError(e, SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE)) {
      return e.context.logs ?? undefined;
    }
  }
  return undefined;
}

const FUNDS = [
  SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_FEE,
  SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_RENT,
  SOLANA_ERROR__TRANSACTION_ERROR__ACCOUNT_NOT_FOUND,
  SOLANA_ERROR__INSTRUCTION_ERROR__INSUFFICIENT_FUNDS,
] as const;

/** What went wrong, for a person. */
export function describeError(error: unknown, chainName = 'this network'): Described {
  if (error instanceof UserFacingError) return { kind: error.kind, message: error.message };
  const list = causes(error);
  const logs = logsOf(list);
  if (list.some(isRejection)) return { kind: 'cancelled', message: 'Cancelled in your wallet: nothing was sent.' };
  const program = isModelmintProgramError(error) ? error : toModelmintError(error);
  if (program) return { kind: 'program', message: program.message, ...(logs ? { logs } : {}) };
  if (list.some((e) => isWalletStandardError(e, WALLET_STANDARD_ERROR__FEATURES__WALLET_ACCOUNT_CHAIN_UNSUPPORTED))) {
    return {
      kind: 'network',
      message: `Wrong network: your wallet account is not on ${chainName}. Switch networks in your wallet.`,
    };
  }
  // A system-program transfer or account creation short of lamports (custom error 1), or the fee payer unfunded.
  const lamportLog = logs?.some((l) => /insufficient lamports/i.test(l)) ?? false;
  if (lamportLog || list.some((e) => FUNDS.some((code) => isSolanaError(e, code)))) {
    return {
      kind: 'funds',
      message: `Insufficient funds: your wallet does not hold enough SOL on ${chainName} for this payment and its fees.`,
      ...(logs ? { logs } : {}),
    };
  }
  if (list.some((e) => isSolanaError(e, SOLANA_ERROR__TRANSACTION_ERROR__BLOCKHASH_NOT_FOUND))) {
    return {
      kind: 'network',
      message: `The transaction's blockhash is unknown to ${chainName}: is your wallet on another network?`,
    };
  }
  const deepest = list.at(-1);
  const text = deepest instanceof Error ? deepest.message : String(deepest ?? 'unknown error');
  return { kind: 'other', message: text.length > 240 ? `${text.slice(0, 239)}…` : text, ...(logs ? { logs } : {}) };
}
