// Account reads: balances, account data, program and token accounts.
import type { Address } from '@solana/kit';
import { matchesFilters, parseFilters, readAccount, renderAccount } from '../accounts.js';
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
    return contextual(ctx, p.config(1), ctx.chain.svm.getBalance(address as Address) ?? 0n);
  },

  getAccountInfo: (ctx, p) => {
    const address = p.pubkey(0);
    const config = p.config(1);
    const opts = { encoding: parseDataEncoding(config.raw.encoding, 'binary'), dataSlice: config.dataSlice() };
    const acc = readAccount(ctx.chain.svm, address);
    return contextual(ctx, config, acc ? renderAccount(ctx.chain.svm, acc, opts) : null);
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
      const acc = readAccount(ctx.chain.svm, checkPubkey(k));
      return acc ? renderAccount(ctx.chain.svm, acc, opts) : null;
    });
    return contextual(ctx, config, value);
  },

  getProgramAccounts: (ctx, p) => {
    const program = p.pubkey(0);
    const config = p.config(1);
    const opts = { encoding: parseDataEncoding(config.raw.encoding, 'binary'), dataSlice: config.dataSlice() };
    const filters = parseFilters(config.raw.filters);
    const value: JsonValue[] = [];
    for (const a of ctx.chain.svm.getProgramAccounts(program as Address)) {
      if (!matchesFilters(a.data as Uint8Array, filters)) continue;
      const raw = {
        lamports: a.lamports,
        data: a.data as Uint8Array,
        owner: a.programAddress,
        executable: a.executable,
      };
      value.push({ pubkey: a.address, account: renderAccount(ctx.chain.svm, raw, opts) });
    }
    return config.bool('withContext', false) ? contextual(ctx, config, value) : value;
  },

  getTokenAccountBalance: (ctx, p) => {
    const address = p.pubkey(0);
    const config = p.config(1);
    const acc = readAccount(ctx.chain.svm, address);
    const token = acc ? decodeTokenAccount(acc.owner, acc.data) : undefined;
    if (!token) throw invalidParams('Invalid param: not a Token account');
    const mint = readAccount(ctx.chain.svm, token.mint);
    const decimals = mint ? (decodeMint(mint.owner, mint.data)?.decimals ?? 0) : 0;
    return contextual(ctx, config, uiTokenAmount(token.amount, decimals));
  },

  getTokenSupply: (ctx, p) => {
    const address = p.pubkey(0);
    const acc = readAccount(ctx.chain.svm, address);
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
    const mintAcc = readAccount(ctx.chain.svm, checkPubkey(mint ?? ''));
    if (!mintAcc || !decodeMint(mintAcc.owner, mintAcc.data)) throw invalidParams('Invalid param: could not find mint');
    programs = [mintAcc.owner];
  }
  const opts = { encoding: parseDataEncoding(config.raw.encoding, 'binary'), dataSlice: config.dataSlice() };
  const value: JsonValue[] = [];
  for (const program of programs) {
    for (const a of ctx.chain.svm.getProgramAccounts(program as Address)) {
      const token = decodeTokenAccount(a.programAddress, a.data as Uint8Array);
      if (!token || (by === 'owner' ? token.owner : token.delegate) !== who) continue;
      if (mint !== undefined && token.mint !== mint) continue;
      const raw = {
        lamports: a.lamports,
        data: a.data as Uint8Array,
        owner: a.programAddress,
        executable: a.executable,
      };
      value.push({ pubkey: a.address, account: renderAccount(ctx.chain.svm, raw, opts) });
    }
  }
  return contextual(ctx, config, value);
};
