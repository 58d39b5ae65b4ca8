// Renders a landed transaction as getTransaction / getBlock return it.
import { fromBase64, toBase58 } from './encoding.js';
import type { JsonObject, JsonValue } from './json.js';
import type { TxMeta, TxRecord } from './ledger.js';
import { invalidParams, RpcError, UNSUPPORTED_TRANSACTION_VERSION } from './rpc-error.js';
import { isStaticWritable, type ParsedTransaction, parseTransaction } from './wire.js';

export type TxEncoding = 'json' | 'jsonParsed' | 'base64' | 'base58';

export function parseTxEncoding(v: unknown): TxEncoding {
  if (v === undefined || v === null) return 'json';
  if (v === 'json' || v === 'jsonParsed' || v === 'base64' || v === 'base58') return v;
  throw invalidParams(
    `Invalid params: unknown variant \`${String(v)}\`, expected one of \`binary\`, \`base64\`, \`base58\`, \`json\`, \`jsonParsed\``,
  );
}

/** Checks `maxSupportedTransactionVersion` against the transaction's version. */
export function checkVersion(version: 'legacy' | 0, maxSupported: bigint | undefined): void {
  if (version === 'legacy') return;
  if (maxSupported === undefined || maxSupported < BigInt(version)) {
    throw new RpcError(
      UNSUPPORTED_TRANSACTION_VERSION,
      `Transaction version (${version}) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": ${version}`,
    );
  }
}

function renderMessage(tx: ParsedTransaction, rec: TxRecord, parsed: boolean): JsonObject {
  const instructions = tx.instructions.map((ix): JsonObject => {
    if (!parsed)
      return { programIdIndex: ix.programIdIndex, accounts: ix.accounts, data: toBase58(ix.data), stackHeight: null };
    return {
      programId: rec.accountKeys[ix.programIdIndex] ?? '',
      accounts: ix.accounts.map((i) => rec.accountKeys[i] ?? ''),
      data: toBase58(ix.data),
      stackHeight: null,
    };
  });
  const nStatic = tx.staticKeys.length;
  const nLoadedWritable = rec.meta.loadedAddresses.writable.length;
  const accountKeys: JsonValue[] = parsed
    ? rec.accountKeys.map((pubkey, i) => ({
        pubkey,
        signer: i < tx.header.numRequiredSignatures,
        writable: i < nStatic ? isStaticWritable(tx, i) : i < nStatic + nLoadedWritable,
        source: i < nStatic ? 'transaction' : 'lookupTable',
      }))
    : tx.staticKeys;
  const message: JsonObject = { accountKeys, recentBlockhash: tx.recentBlockhash, instructions };
  if (!parsed) message.header = tx.header;
  if (tx.version === 0) {
    message.addressTableLookups = tx.addressTableLookups.map((l) => ({
      accountKey: l.accountKey,
      writableIndexes: l.writableIndexes,
      readonlyIndexes: l.readonlyIndexes,
    }));
  }
  return message;
}

export function renderMeta(meta: TxMeta, parsed: boolean): JsonObject {
  return {
    err: meta.err,
    status: meta.err === null ? { Ok: null } : { Err: meta.err },
    fee: meta.fee,
    preBalances: meta.preBalances,
    postBalances: meta.postBalances,
    innerInstructions: meta.innerInstructions,
    logMessages: meta.logMessages,
    preTokenBalances: meta.preTokenBalances,
    postTokenBalances: meta.postTokenBalances,
    rewards: [],
    loadedAddresses: parsed ? undefined : meta.loadedAddresses,
    computeUnitsConsumed: meta.computeUnitsConsumed,
    returnData: meta.returnData ?? undefined,
  };
}

/** `{transaction, meta, version}` of a landed transaction in the requested encoding. */
export function renderTransactionWithMeta(
  rec: TxRecord,
  encoding: TxEncoding,
  maxSupported: bigint | undefined,
): JsonObject {
  const wire = fromBase64(rec.wire);
  const tx = parseTransaction(wire);
  checkVersion(tx.version, maxSupported);
  let transaction: JsonValue;
  if (encoding === 'base64') transaction = [rec.wire, 'base64'];
  else if (encoding === 'base58') transaction = [toBase58(wire), 'base58'];
  else transaction = { signatures: tx.signatures, message: renderMessage(tx, rec, encoding === 'jsonParsed') };
  const out: JsonObject = { transaction, meta: renderMeta(rec.meta, encoding === 'jsonParsed') };
  if (maxSupported !== undefined) out.version = tx.version;
  return out;
}
