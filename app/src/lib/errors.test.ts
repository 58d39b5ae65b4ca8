import { ModelmintProgramError } from '@modelmint/sdk';
import {
  SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
  SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_FEE,
  SolanaError,
} from '@solana/kit';
import {
  WALLET_STANDARD_ERROR__FEATURES__WALLET_ACCOUNT_CHAIN_UNSUPPORTED,
  WalletStandardError,
} from '@wallet-standard/errors';
import { describe, expect, it } from 'vitest';
import { describeError, UserFacingError } from './errors.js';

const preflight = (cause: unknown, logs: string[] = []) =>
  new SolanaError(SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE, {
    accounts: null,
    logs,
    returnData: null,
    unitsConsumed: 0n,
    cause,
  } as never);

describe('error messages', () => {
  it("names the program's errors by their IDL name and message", () => {
    expect(describeError(new ModelmintProgramError(6035))).toEqual({
      kind: 'program',
      message: 'DisputeWindowClosed (6035): The dispute window has closed',
    });
    const wrapped = preflight(new SolanaError(SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM, { code: 6024, index: 0 }), [
      'Program log: x',
    ]);
    expect(describeError(wrapped)).toEqual({
      kind: 'program',
      message: 'PriceChanged (6024): The price is above the maximum the requester accepted',
      logs: ['Program log: x'],
    });
  });

  it('shows a wallet rejection as a neutral cancellation', () => {
    const rejected = Object.assign(new Error('User rejected the request.'), { code: 4001 });
    expect(describeError(rejected).kind).toBe('cancelled');
    expect(describeError(new Error('wrapped', { cause: rejected })).kind).toBe('cancelled');
  });

  it('explains insufficient funds', () => {
    const e = preflight(new SolanaError(SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_FEE));
    expect(describeError(e, 'devnet')).toMatchObject({ kind: 'funds', message: expect.stringContaining('devnet') });
    const transfer = preflight(new SolanaError(SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM, { code: 1, index: 0 }), [
      'Transfer: insufficient lamports 5, need 1000000',
    ]);
    expect(describeError(transfer).kind).toBe('funds');
  });

  it('explains a wallet on the wrong network', () => {
    const e = new WalletStandardError(WALLET_STANDARD_ERROR__FEATURES__WALLET_ACCOUNT_CHAIN_UNSUPPORTED, {
      address: 'x',
      chain: 'solana:devnet',
      featureName: 'solana:signTransaction',
      supportedChains: ['solana:mainnet'],
      supportedFeatures: [],
    });
    expect(describeError(e, 'the local chain')).toMatchObject({
      kind: 'network',
      message: expect.stringMatching(/^Wrong network/),
    });
  });

  it('passes our own messages through and trims long unknown ones', () => {
    expect(describeError(new UserFacingError('funds', 'Insufficient funds: x'))).toEqual({
      kind: 'funds',
      message: 'Insufficient funds: x',
    });
    const long = describeError(new Error('y'.repeat(500)));
    expect(long.kind).toBe('other');
    expect(long.message.length).toBe(240);
  });
});
