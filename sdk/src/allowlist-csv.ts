// The allowlist CSV that the CLI's `model allow-import` and the web app's studio
// read: one wallet per line, with an optional expiry; every bad line is reported
// before anything is sent.
import { type Address, isAddress, address as toAddress } from '@solana/kit';
import { parseExpiry } from './amounts.js';

/** One line of an allowlist CSV that failed validation. */
export interface CsvProblem {
  line: number;
  text: string;
  message: string;
}

/**
 * Parses an allowlist CSV: one wallet per line, optional expiry column
 * (unix seconds, ISO date, `30d`, `never`); blank lines and `#` comments are
 * skipped, and a first line `wallet,expires` is a header. Every bad line is
 * reported; nothing is returned unless all lines are good.
 */
export function parseAllowlistCsv(
  text: string,
  now: bigint,
): { entries: { user: Address; expiresAt: bigint; line: number }[]; problems: CsvProblem[] } {
  const entries: { user: Address; expiresAt: bigint; line: number }[] = [];
  const problems: CsvProblem[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) continue;
    const fields = t.split(',').map((f) =>
      f
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim(),
    );
    if (entries.length === 0 && problems.length === 0 && /^(wallet|address|user)$/i.test(fields[0] ?? '')) continue;
    const fail = (message: string) => {
      problems.push({ line, text: t, message });
    };
    if (fields.length > 2) {
      fail(`expected "wallet[,expiry]", got ${fields.length} columns`);
      continue;
    }
    const wallet = fields[0] ?? '';
    if (!isAddress(wallet)) {
      fail(`"${wallet}" is not a valid wallet address`);
      continue;
    }
    const user = toAddress(wallet);
    const expiry = parseExpiry(fields[1] ?? '', now);
    if (typeof expiry === 'string') {
      fail(`expiry ${expiry}`);
      continue;
    }
    const previous = seen.get(user);
    if (previous !== undefined) {
      fail(`${user} is already on line ${previous}`);
      continue;
    }
    seen.set(user, line);
    entries.push({ user, expiresAt: expiry, line });
  }
  return { entries, problems };
}
