// sendTransaction, simulateTransaction and requestAirdrop.
import type { Address } from '@solana/kit';
import { renderAccount } from '../accounts.js';
import { contextSlot, type Handler, type RpcContext, withContext } from '../context.js';
import { fromBase58, fromBase64, parseDataEncoding } from '../encoding.js';
import type { JsonValue } from '../json.js';
import { type Config, checkPubkey } from '../params.js';
import {
  INTERNAL_ERROR,
  invalidParams,
  RpcError,
  SEND_TRANSACTION_PREFLIGHT_FAILURE,
  TRANSACTION_SIGNATURE_VERIFICATION_FAILURE,
} from '../rpc-error.js';
import { displayTxError, type TxError } from '../tx-errors.js';
import { type ParsedTransaction, parseTransaction } from '../wire.js';

function decodeWire(text: string, config: Config): ParsedTransaction {
  const encoding = config.string('encoding') ?? 'base58';
  let wire: Uint8Array;
  try {
    if (encoding === 'base64') wire = fromBase64(text);
    else if (encoding === 'base58') wire = fromBase58(text);
    else throw invalidParams(`Invalid params: unsupported encoding: ${encoding}. Supported encodings: base58, base64`);
  } catch (e) {
    if (e instanceof RpcError) throw e;
    throw invalidParams(`invalid transaction: failed to decode ${encoding} string`);
  }
  if (wire.length > 1232) {
    throw invalidParams(
      `base64 encoded solana_transaction::versioned::VersionedTransaction too large: ${wire.length} bytes (max: encoded/raw 1644/1232)`,
    );
  }
  return parseTransaction(wire);
}

function preflightFailure(err: TxError, logs: string[], unitsConsumed: bigint): RpcError {
  return new RpcError(SEND_TRANSACTION_PREFLIGHT_FAILURE, `Transaction simulation failed: ${displayTxError(err)}`, {
    err,
    logs,
    accounts: null,
    unitsConsumed,
    returnData: null,
    innerInstructions: null,
    replacementBlockhash: null,
    loadedAccountsDataSize: 0,
  });
}

const signatureFailure = (): RpcError =>
  new RpcError(TRANSACTION_SIGNATURE_VERIFICATION_FAILURE, 'Transaction signature verification failure');

/** Sends a parsed transaction the way a validator's sendTransaction does. */
export function sendParsed(ctx: RpcContext, tx: ParsedTransaction, skipPreflight: boolean): string {
  const signature = tx.signatures[0] ?? '';
  const { chain } = ctx;
  if (!skipPreflight) {
    if (!tx.fullySigned) throw signatureFailure();
    if (chain.ledger.transaction(signature)) throw preflightFailure('AlreadyProcessed', [], 0n);
    const lifetime = chain.checkLifetime(tx);
    if (lifetime) throw preflightFailure(lifetime, [], 0n);
    const sim = chain.simulate(tx, true);
    if (sim.err === 'SignatureFailure') throw signatureFailure();
    if (sim.err !== null) throw preflightFailure(sim.err, sim.logs, sim.unitsConsumed);
  }
  const r = chain.process(tx);
  if (!r.landed && r.err !== null && !skipPreflight)
    throw preflightFailure(r.err, r.result.logs, r.result.unitsConsumed);
  return signature;
}

export const sendMethods: Record<string, Handler> = {
  sendTransaction: (ctx, p) => {
    const config = p.config(1);
    const tx = decodeWire(p.string(0, 'an encoded transaction'), config);
    contextSlot(ctx, config);
    return sendParsed(ctx, tx, config.bool('skipPreflight', false));
  },

  simulateTransaction: (ctx, p) => {
    const config = p.config(1);
    const tx = decodeWire(p.string(0, 'an encoded transaction'), config);
    const slot = contextSlot(ctx, config);
    const sigVerify = config.bool('sigVerify', false);
    const replace = config.bool('replaceRecentBlockhash', false);
    if (sigVerify && replace) throw invalidParams('sigVerify may not be used with replaceRecentBlockhash');
    const { chain } = ctx;
    const base = { accounts: null, returnData: null, innerInstructions: null, replacementBlockhash: null };
    if (!replace) {
      const lifetime = chain.checkLifetime(tx);
      if (lifetime) return withContext(slot, { ...base, err: lifetime, logs: [], unitsConsumed: 0n });
    }
    const sim = chain.simulate(tx, sigVerify);
    let accounts: JsonValue = null;
    const accountsConfig = config.record('accounts');
    if (accountsConfig) {
      const addresses = accountsConfig.addresses;
      if (!Array.isArray(addresses)) throw invalidParams('Invalid params: accounts.addresses must be an array');
      const encoding = parseDataEncoding(accountsConfig.encoding, 'base64');
      if (encoding === 'base58' || encoding === 'binary') throw invalidParams('base58 encoding not supported');
      accounts = addresses.map((a: unknown): JsonValue => {
        if (typeof a !== 'string') throw invalidParams('Invalid params: accounts.addresses must be strings');
        const acc = sim.postAccounts.get(checkPubkey(a)) ?? chain.bank.account(a);
        return acc ? renderAccount(chain.bank, acc, { encoding }) : null;
      });
    }
    const tip = chain.tip('processed');
    return withContext(slot, {
      err: sim.err,
      logs: sim.logs,
      accounts,
      unitsConsumed: sim.unitsConsumed,
      returnData: sim.returnData,
      innerInstructions: config.bool('innerInstructions', false) ? sim.innerInstructions : null,
      replacementBlockhash: replace
        ? {
            blockhash: tip.blockhash,
            lastValidBlockHeight: chain.lastValidBlockHeight(tip.blockhash) ?? tip.blockHeight,
          }
        : null,
      fee: sim.fee,
      loadedAccountsDataSize: 0,
    });
  },

  requestAirdrop: async (ctx, p) => {
    const to = p.pubkey(0) as Address;
    const amount = p.u64(1, 'lamports');
    const tip = ctx.chain.tip('processed');
    const lastValid = ctx.chain.lastValidBlockHeight(tip.blockhash) ?? tip.blockHeight;
    const wire = await ctx.faucet.transfer(to, amount, tip.blockhash, lastValid);
    try {
      return sendParsed(ctx, parseTransaction(wire), false);
    } catch (e) {
      throw new RpcError(INTERNAL_ERROR, `airdrop request failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  },
};
