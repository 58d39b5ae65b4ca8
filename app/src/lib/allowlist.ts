// Allowlist import in the studio: the SDK's CSV parser (the CLI's rules), and
// the grants sent in transactions of a few each once every line is good.
import { type CsvProblem, parseAllowlistCsv } from '@modelmint/sdk';
import type { Address } from '@solana/kit';

/** Grants per transaction (each grant creates an account: keeps the transaction well under its size and CU limits). */
export const GRANTS_PER_TX = 4;

export interface AllowlistImport {
  entries: { user: Address; expiresAt: bigint; line: number }[];
  problems: CsvProblem[];
  /** Addresses already granted (and not revoked), left out. */
  skipped: Address[];
}

export function importAllowlist(text: string, now: bigint, alreadyGranted: ReadonlySet<string>): AllowlistImport {
  const { entries, problems } = parseAllowlistCsv(text, now);
  if (entries.length === 0 && problems.length === 0) {
    problems.push({ line: 0, text: '', message: 'the file has no wallet' });
  }
  return {
    entries: entries.filter((e) => !alreadyGranted.has(e.user)),
    problems,
    skipped: entries.filter((e) => alreadyGranted.has(e.user)).map((e) => e.user),
  };
}

/** `items` in groups of `size`. */
export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
