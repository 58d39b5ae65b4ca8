import { describe, expect, it } from 'vitest';
import {
  currencyOf,
  currencyOfMint,
  disputeOutcome,
  formatAmount,
  parseAmountInput,
  parsePercentBps,
  SOL,
  splitFee,
} from './units.js';

describe('amounts in base units', () => {
  it('formats lamports and token units exactly, without floating point', () => {
    expect(formatAmount(1_500_000n, SOL)).toBe('0.0015 SOL');
    expect(formatAmount('1000000', SOL)).toBe('0.001 SOL');
    expect(formatAmount(0n)).toBe('0 SOL');
    expect(formatAmount(1n)).toBe('0.000000001 SOL');
    expect(formatAmount(18_446_744_073_709_551_615n)).toBe('18446744073.709551615 SOL');
    const usdc = currencyOf({ payment_mint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', decimals: 6 });
    expect(formatAmount(2_500_000n, usdc)).toBe('2.5 EPjF… tokens');
    expect(formatAmount(null)).toBe('–');
  });

  it('parses what a person types into base units', () => {
    expect(parseAmountInput('0.001', SOL)).toEqual({ ok: true, value: 1_000_000n });
    expect(parseAmountInput(' 1,000.5 ', SOL)).toEqual({ ok: true, value: 1_000_500_000_000n });
    expect(parseAmountInput('.5', { ...SOL, decimals: 6 })).toEqual({ ok: true, value: 500_000n });
    expect(parseAmountInput('18446744073.709551615', SOL)).toEqual({ ok: true, value: 2n ** 64n - 1n });
  });

  it('refuses what is not an amount, with a reason', () => {
    expect(parseAmountInput('', SOL)).toEqual({ ok: false, error: 'enter an amount' });
    expect(parseAmountInput('-1', SOL)).toEqual({ ok: false, error: '"-1" is not a non-negative decimal number' });
    expect(parseAmountInput('1e3', SOL).ok).toBe(false);
    expect(parseAmountInput('0.0000000001', SOL)).toEqual({
      ok: false,
      error: '"0.0000000001" has more than 9 decimals',
    });
    expect(parseAmountInput('18446744073.709551616', SOL)).toEqual({
      ok: false,
      error: '"18446744073.709551616" is too large',
    });
  });

  it('splits a payment as the program does (fee rounded up, the creator gets the rest)', () => {
    expect(splitFee(1_000_000n, 1000)).toEqual({ fee: 100_000n, creator: 900_000n });
    expect(splitFee(9n, 1000)).toEqual({ fee: 1n, creator: 8n });
    expect(splitFee(0n, 1000)).toEqual({ fee: 0n, creator: 0n });
    expect(splitFee(9n, 0)).toEqual({ fee: 0n, creator: 9n });
    const { fee, creator } = splitFee(123_456_789n, 1500);
    expect(fee + creator).toBe(123_456_789n);
  });

  it('names the currency of a model', () => {
    expect(currencyOf({ payment_mint: null, decimals: null })).toBe(SOL);
    expect(currencyOf({ payment_mint: '11111111111111111111111111111111', decimals: null })).toBe(SOL);
  });

  it('previews a dispute resolution exactly, conserving the escrow', () => {
    expect(disputeOutcome(1_000_000n, 10_000, 1000)).toEqual({ refund: 1_000_000n, creator: 0n, fee: 0n });
    expect(disputeOutcome(1_000_000n, 5000, 1000)).toEqual({ refund: 500_000n, creator: 450_000n, fee: 50_000n });
    const o = disputeOutcome(999_999n, 3333, 1000);
    expect(o.refund + o.creator + o.fee).toBe(999_999n);
    // The program's own example: a third of 1,000 back, 667 split 600 / 67 (fee rounded up).
    expect(disputeOutcome(1_000n, 3333, 1000)).toEqual({ refund: 333n, creator: 600n, fee: 67n });
  });

  it('reads a refund share in percent as basis points', () => {
    expect(parsePercentBps('100')).toEqual({ ok: true, bps: 10_000 });
    expect(parsePercentBps('33.33')).toEqual({ ok: true, bps: 3333 });
    expect(parsePercentBps('0.5')).toEqual({ ok: true, bps: 50 });
    expect(parsePercentBps('100.01')).toEqual({ ok: false, error: 'at most 100%' });
    expect(parsePercentBps('1.234').ok).toBe(false);
    expect(parsePercentBps('-5').ok).toBe(false);
  });

  it('names the currency of a job or pass by its mint', () => {
    expect(currencyOfMint(null)).toBe(SOL);
    expect(currencyOfMint('11111111111111111111111111111111')).toBe(SOL);
    expect(formatAmount(2_500_000n, currencyOfMint('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v'))).toBe(
      '2500000 base units of EPjF…',
    );
  });
});
