// Errors of the command-line client and their JSON shape.
import { isSolanaError } from '@solana/kit';
import { isModelmintProgramError, toModelmintError } from '../errors.js';

/** A failure the CLI reports by name; `exitCode` 2 is a usage error. */
export class CliError extends Error {
  readonly errorName: string;
  readonly details: Record<string, unknown> | undefined;
  readonly exitCode: number;

  constructor(errorName: string, message: string, o: { details?: Record<string, unknown>; exitCode?: number } = {}) {
    super(message);
    this.name = 'CliError';
    this.errorName = errorName;
    this.details = o.details;
    this.exitCode = o.exitCode ?? 1;
  }
}

/** Wrong command line: unknown command or option, missing or invalid value. */
export function usageError(message: string): CliError {
  return new CliError('UsageError', message, { exitCode: 2 });
}

/** What `--json` prints for a failure, and what a person reads. */
export interface ErrorReport {
  name: string;
  /** The program's error code (6000 and up); null for other failures. */
  code: number | null;
  message: string;
  details?: Record<string, unknown>;
  exitCode: number;
}

function causeChain(e: unknown): string[] {
  const out: string[] = [];
  let c: unknown = e;
  for (let i = 0; c && i < 8; i++) {
    if (c instanceof Error) out.push(c.message);
    c = (c as { cause?: unknown }).cause;
  }
  return out;
}

/** Names a failure: program errors by their IDL name and code, the rest by kind. */
export function reportOf(e: unknown): ErrorReport {
  if (e instanceof CliError) {
    return { name: e.errorName, code: null, message: e.message, details: e.details, exitCode: e.exitCode };
  }
  const program = isModelmintProgramError(e) ? e : toModelmintError(e);
  if (program) {
    const message = program.message.replace(/^\w+ \(\d+\): /, '');
    return { name: program.errorName, code: program.code, message, exitCode: 1 };
  }
  const chain = causeChain(e);
  if (chain.some((m) => /fetch failed|ECONNREFUSED|ENOTFOUND|socket hang up/.test(m))) {
    return { name: 'RpcUnreachable', code: null, message: chain.join(': '), exitCode: 1 };
  }
  if (isSolanaError(e)) {
    const logs = preflightLogs(e);
    return {
      name: 'TransactionFailed',
      code: null,
      message: chain.join(': '),
      details: logs.length ? { logs } : undefined,
      exitCode: 1,
    };
  }
  if (e instanceof Error) return { name: e.name || 'Error', code: null, message: e.message, exitCode: 1 };
  return { name: 'Error', code: null, message: String(e), exitCode: 1 };
}

function preflightLogs(e: unknown): string[] {
  let c: unknown = e;
  for (let i = 0; c && i < 8; i++) {
    const ctx = (c as { context?: { logs?: unknown } }).context;
    if (ctx && Array.isArray(ctx.logs)) return ctx.logs.filter((l): l is string => typeof l === 'string');
    c = (c as { cause?: unknown }).cause;
  }
  return [];
}
