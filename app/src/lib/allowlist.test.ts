import { describe, expect, it } from 'vitest';
import { batches, importAllowlist } from './allowlist.js';

const A = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
const B = 'So11111111111111111111111111111111111111112';
const C = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';

describe('allowlist CSV import', () => {
  it('lists every bad line with its number and sends nothing', () => {
    const r = importAllowlist(
      `wallet,expires\n${A}\nnot-an-address\n${B},yesterday\n${A},30d\n${C},1,2\n`,
      1_000n,
      new Set(),
    );
    expect(r.problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(r.problems[0]?.message).toBe('"not-an-address" is not a valid wallet address');
    expect(r.problems[2]?.message).toContain('already on line 2');
  });

  it('takes good lines with expiries, leaving out wallets already granted', () => {
    const r = importAllowlist(`# partners\n${A},never\n${B},30d\n\n${C}\n`, 1_000n, new Set([C]));
    expect(r.problems).toEqual([]);
    expect(r.entries).toEqual([
      { user: A, expiresAt: 0n, line: 2 },
      { user: B, expiresAt: 1_000n + 30n * 86_400n, line: 3 },
    ]);
    expect(r.skipped).toEqual([C]);
  });

  it('refuses an empty file', () => {
    expect(importAllowlist('\n# nothing\n', 0n, new Set()).problems).toEqual([
      { line: 0, text: '', message: 'the file has no wallet' },
    ]);
  });

  it('splits grants into transactions', () => {
    expect(batches([1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });
});
