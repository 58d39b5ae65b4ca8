// Account reads: balances, account data, program and token accounts.
import { matchesFilters, parseFilters, renderAccount } from '../accounts.js';
import { contextual, type Handler } from '../context.js';
import { parseDataEncoding } from '../encoding.js';
import type { JsonObject, JsonValue } from '../json.js';
import { checkPubkey } from '../params.js';
import { invalidParams } from '../rpc-error.js';
import { decodeMint, decodeTokenAccount, TOKEN_2022_PROGRAM, TOKEN_PROGRAM, uiTokenAmount } from '../token.js';

const MAX_MULTIPLE_ACCOUNTS = 100;

export const accountMethods: Record<string, Handler> = {
  getBalance: (ctx, p) => {
    const address = p.pubkey(0);
    return contextual(ctx, p.config(1), ctx.chain.bank.balance(address));
  },

  getAccountInfo: (ctx, p) => {
    const address = p.pubkey(0);
    const config = p.config(1);
    const opts = { encoding: parseDataEncoding(config.raw.encoding, 'binary'), dataSlice: config.dataSlice() };
    const acc = ctx.chain.bank.account(address);
    return contextual(ctx, config, acc ? renderAccount(ctx.chain.bank, acc, opts) : null);
  },

  getMultipleAccounts: (ctx, p) => {
    const list = p.raw(0);
    if (!Array.isArray(list)) throw invalidParams('Invalid params: expected an array of public keys');
    if (list.length > MAX_MULTIPLE_ACCOUNTS) {
      throw invalidParams(`Too many inputs provided; max ${MAX_MULTIPLE_ACCOUNTS}`);
    }
    const config = p.config(1);
    const opts = { encoding: parseDataEncoding(config.raw.encoding, 'base64'), dataSlice: config.dataSlice() };
    const value = list.map((k: unknown): JsonValue => {
      if (typeof k !== 'string') throw invalidParams('Invalid params: expected an array of public keys');
      const acc = ctx.chain.bank.account(checkPubkey(k));
      return acc ? renderAccount(ctx.chain.bank, acc, opts) : null;
    });
    return contextual(ctx, config, value);
  },

  getProgramAccounts: (ctx, p) => {
    const program = p.pubkey(0);
    const config = p.config(1);
    const opts = { encoding: parseDataEncoding(config.raw.encoding, 'binary'), dataSlice: config.dataSlice() };
    const filters = parseFilters(config.raw.filters);
    const value: JsonValue[] = [];
    for (const { address, account } of ctx.chain.bank.programAccounts(program)) {
      if (!matchesFilters(account.data, filters)) continue;
      value.push({ pubkey: address, account: renderAccount(ctx.chain.bank, account, opts) });
    }
    return config.bool('withContext', false) ? contextual(ctx, config, value) : value;
  },

  getTokenAccountBalance: (ctx, p) => {
    const address = p.pubkey(0);
    const config = p.config(1);
    const acc = ctx.chain.bank.account(address);
    const token = acc ? decodeTokenAccount(acc.owner, acc.data) : undefined;
    if (!token) throw invalidParams('Invalid param: not a Token account');
    const mint = ctx.chain.bank.account(token.mint);
    const decimals = mint ? (decodeMint(mint.owner, mint.data)?.decimals ?? 0) : 0;
    return contextual(ctx, config, uiTokenAmount(token.amount, decimals));
  },

  getTokenSupply: (ctx, p) => {
    const address = p.pubkey(0);
    const acc = ctx.chain.bank.account(address);
    const mint = acc ? decodeMint(acc.owner, acc.data) : undefined;
    if (!mint) throw invalidParams('Invalid param: not a Token mint');
    return contextual(ctx, p.config(1), uiTokenAmount(mint.supply, mint.decimals));
  },

  getTokenAccountsByOwner: (ctx, p) => tokenAccountsBy(ctx, p, 'owner'),
  getTokenAccountsByDelegate: (ctx, p) => tokenAccountsBy(ctx, p, 'delegate'),
};

const tokenAccountsBy = (
  ctx: Parameters<Handler>[0],
  p: Parameters<Handler>[1],
  by: 'owner' | 'delegate',
): JsonObject => {
  const who = p.pubkey(0);
  const filter = p.config(1);
  const config = p.config(2);
  const mint = filter.string('mint');
  const programId = filter.string('programId');
  if ((mint === undefined) === (programId === undefined)) {
    throw invalidParams('Invalid params: expected exactly one of `mint` or `programId`');
  }
  let programs: string[];
  if (programId !== undefined) {
    if (programId !== TOKEN_PROGRAM && programId !== TOKEN_2022_PROGRAM) {
      throw invalidParams(`Invalid param: unrecognized Token program id`);
    }
    programs = [programId];
  } else {
    const mintAcc = ctx.chain.bank.account(checkPubkey(mint ?? ''));
    if (!mintAcc || !decodeMint(mintAcc.owner, mintAcc.data)) throw invalidParams('Invalid param: could not find mint');
    programs = [mintAcc.owner];
  }
  const opts = { encoding: parseDataEncoding(config.raw.encoding, 'binary'), dataSlice: config.dataSlice() };
  const value: JsonValue[] = [];
  for (const program of programs) {
    for (const { address, account } of ctx.chain.bank.programAccounts(program)) {
      const token = decodeTokenAccount(account.owner, account.data);
      if (!token || (by === 'owner' ? token.owner : token.delegate) !== who) continue;
      if (mint !== undefined && token.mint !== mint) continue;
      value.push({ pubkey: address, account: renderAccount(ctx.chain.bank, account, opts) });
    }
  }
  return contextual(ctx, config, value);
};
