import { isSolanaError, SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM } from '@solana/kit';
import { MODELMINT_IDL } from './generated/idl.js';

/** Name of every error the program can return, as in the IDL. */
export type ModelmintErrorName = (typeof MODELMINT_IDL.errors)[number]['name'];

const byCode = new Map<number, { name: ModelmintErrorName; msg: string }>(
  MODELMINT_IDL.errors.map((e) => [e.code, { name: e.name, msg: e.msg }]),
);

/** Error codes by name, e.g. `ERROR_CODES.Unauthorized === 6000`. */
export const ERROR_CODES = Object.fromEntries(MODELMINT_IDL.errors.map((e) => [e.name, e.code])) as Record<
  ModelmintErrorName,
  number
>;

/**
 * A failure returned by the modelmint program, carrying the program's code,
 * the error's name from the IDL and its message.
 */
export class ModelmintProgramError extends Error {
  override readonly name = 'ModelmintProgramError';
  /** Custom program error code (6000 and up). */
  readonly code: number;
  /** The error's IDL name, e.g. `Unauthorized`. */
  readonly errorName: ModelmintErrorName;
  /** Program logs of the failed transaction, when the caller had them. */
  readonly logs: readonly string[];

  constructor(code: number, logs: readonly string[] = [], options?: { cause?: unknown }) {
    const known = byCode.get(code);
    if (!known) throw new RangeError(`${code} is not a modelmint error code`);
    super(`${known.name} (${code}): ${known.msg}`, options);
    this.code = code;
    this.errorName = known.name;
    this.logs = logs;
  }

  /** The program error for `code`, or `undefined` when the code is not the program's. */
  static fromCode(code: number, logs?: readonly string[], cause?: unknown): ModelmintProgramError | undefined {
    return byCode.has(code) ? new ModelmintProgramError(code, logs, { cause }) : undefined;
  }
}

/**
 * Maps a failure thrown by `@solana/kit` (RPC send or simulate) to a
 * {@link ModelmintProgramError} when it carries one of the program's codes.
 */
export function toModelmintError(error: unknown): ModelmintProgramError | undefined {
  let e: unknown = error;
  // Kit wraps instruction errors in transaction and RPC errors; walk the causes.
  for (let depth = 0; e && depth < 8; depth++) {
    if (isSolanaError(e, SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM)) {
      return ModelmintProgramError.fromCode(Number(e.context.code), [], error);
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when `error` is a {@link ModelmintProgramError}, optionally of the given name. */
export function isModelmintProgramError(error: unknown, name?: ModelmintErrorName): error is ModelmintProgramError {
  return error instanceof ModelmintProgramError && (name === undefined || error.errorName === name);
}
