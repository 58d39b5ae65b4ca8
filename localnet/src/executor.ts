// Runs wire transactions through LiteSVM and collects what a validator's
// transaction status meta holds.
import { getTransactionDecoder, type Transaction } from '@solana/kit';
import { FailedTransactionMetadata, type LiteSVM, type TransactionMetadata } from 'litesvm';
import type { Bank } from './bank.js';
import { toBase58, toBase64 } from './encoding.js';
import type { InnerInstructionGroup, TokenBalance, TxMeta } from './ledger.js';
import { decodeMint, decodeTokenAccount, uiTokenAmount } from './token.js';
import { fromLiteSvmError, type TxError } from './tx-errors.js';
import { isStaticWritable, type ParsedTransaction } from './wire.js';

export const LAMPORTS_PER_SIGNATURE = 5000n;
const COMPUTE_BUDGET = 'ComputeBudget111111111111111111111111111111';
const PRECOMPILES = new Set([
  'Ed25519SigVerify111111111111111111111111111',
  'KeccakSecp256k11111111111111111111111111111',
  'Secp256r1SigVerify1111111111111111111111111',
]);
const MEMO_PROGRAMS = new Set([
  'MemoSq4gqABAXKd9tY2USYaRvVGmQ4T6dbCt4xFZ2Md',
  'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo',
]);
const LOOKUP_TABLE_PROGRAM = 'AddressLookupTab1e1111111111111111111111111';
const LOOKUP_TABLE_META_SIZE = 56;

export interface ResolvedKeys {
  /** Static keys, then loaded writable, then loaded readonly. */
  keys: string[];
  writable: boolean[];
  loaded: { writable: string[]; readonly: string[] };
}

/** Resolves address-table lookups; returns a transaction error when a table is missing or bad. */
export function resolveKeys(bank: Bank, tx: ParsedTransaction): ResolvedKeys | { error: TxError } {
  const loaded = { writable: [] as string[], readonly: [] as string[] };
  for (const lookup of tx.addressTableLookups) {
    const table = bank.account(lookup.accountKey);
    if (!table) return { error: 'AddressLookupTableNotFound' };
    if (table.owner !== LOOKUP_TABLE_PROGRAM) return { error: 'InvalidAddressLookupTableOwner' };
    const data = table.data;
    if (data.length < LOOKUP_TABLE_META_SIZE || (data.length - LOOKUP_TABLE_META_SIZE) % 32 !== 0) {
      return { error: 'InvalidAddressLookupTableData' };
    }
    const count = (data.length - LOOKUP_TABLE_META_SIZE) / 32;
    const at = (i: number): string | undefined =>
      i < count
        ? toBase58(data.subarray(LOOKUP_TABLE_META_SIZE + 32 * i, LOOKUP_TABLE_META_SIZE + 32 * i + 32))
        : undefined;
    for (const [indexes, out] of [
      [lookup.writableIndexes, loaded.writable],
      [lookup.readonlyIndexes, loaded.readonly],
    ] as const) {
      for (const i of indexes) {
        const key = at(i);
        if (key === undefined) return { error: 'InvalidAddressLookupTableIndex' };
        out.push(key);
      }
    }
  }
  const keys = [...tx.staticKeys, ...loaded.writable, ...loaded.readonly];
  const writable = keys.map((_, i) =>
    i < tx.staticKeys.length ? isStaticWritable(tx, i) : i < tx.staticKeys.length + loaded.writable.length,
  );
  return { keys, writable, loaded };
}

function le(data: Uint8Array, offset: number, bytes: number): bigint {
  let v = 0n;
  for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[offset + i] ?? 0);
  return v;
}

/** The fee a validator charges: per signature (including precompile signatures) plus the priority fee. */
export function computeFee(tx: ParsedTransaction, keys: readonly string[]): bigint {
  let signatures = BigInt(tx.header.numRequiredSignatures);
  let limit: bigint | undefined;
  let price = 0n;
  let nonBudget = 0n;
  for (const ix of tx.instructions) {
    const program = keys[ix.programIdIndex];
    if (program && PRECOMPILES.has(program)) signatures += BigInt(ix.data[0] ?? 0);
    if (program === COMPUTE_BUDGET) {
      if (ix.data[0] === 2) limit = le(ix.data, 1, 4);
      if (ix.data[0] === 3) price = le(ix.data, 1, 8);
    } else nonBudget++;
  }
  const units = limit ?? (nonBudget * 200_000n < 1_400_000n ? nonBudget * 200_000n : 1_400_000n);
  const priority = (price * units + 999_999n) / 1_000_000n;
  return signatures * LAMPORTS_PER_SIGNATURE + priority;
}

/** The memo text of the transaction's memo instructions, as `getSignaturesForAddress` shows it. */
export function memoOf(tx: ParsedTransaction, keys: readonly string[]): string | null {
  const memos = tx.instructions
    .filter((ix) => MEMO_PROGRAMS.has(keys[ix.programIdIndex] ?? ''))
    .map((ix) => `[${ix.data.length}] ${Buffer.from(ix.data).toString('utf8')}`);
  return memos.length ? memos.join('; ') : null;
}

export function balances(bank: Bank, keys: readonly string[]): bigint[] {
  return keys.map((k) => bank.balance(k));
}

export function tokenBalances(bank: Bank, keys: readonly string[]): TokenBalance[] {
  const out: TokenBalance[] = [];
  keys.forEach((key, accountIndex) => {
    const acc = bank.account(key);
    if (!acc) return;
    const token = decodeTokenAccount(acc.owner, acc.data);
    if (!token) return;
    const mintAcc = bank.account(token.mint);
    const decimals = mintAcc ? (decodeMint(mintAcc.owner, mintAcc.data)?.decimals ?? 0) : 0;
    out.push({
      accountIndex,
      mint: token.mint,
      owner: token.owner,
      programId: acc.owner,
      uiTokenAmount: uiTokenAmount(token.amount, decimals),
    });
  });
  return out;
}

/** What one run (send or simulate) produced. */
export interface RunResult {
  err: TxError | null;
  logs: string[];
  unitsConsumed: bigint;
  innerInstructions: InnerInstructionGroup[];
  returnData: TxMeta['returnData'];
  /** The post-simulation accounts (simulate only). */
  postAccounts: Map<string, { lamports: bigint; data: Uint8Array; owner: string; executable: boolean }>;
}

function collect(meta: TransactionMetadata, err: TxError | null): RunResult {
  const innerInstructions: InnerInstructionGroup[] = [];
  meta.innerInstructions().forEach((group, index) => {
    if (group.length === 0) return;
    innerInstructions.push({
      index,
      instructions: group.map((inner) => {
        const ix = inner.instruction();
        return {
          programIdIndex: ix.programIdIndex(),
          accounts: Array.from(ix.accounts()),
          data: toBase58(ix.data()),
          stackHeight: inner.stackHeight(),
        };
      }),
    });
  });
  const rd = meta.returnData();
  const rdData = rd.data();
  return {
    err,
    logs: meta.logs(),
    unitsConsumed: meta.computeUnitsConsumed(),
    innerInstructions,
    returnData: rdData.length ? { programId: toBase58(rd.programId()), data: [toBase64(rdData), 'base64'] } : null,
    postAccounts: new Map(),
  };
}

/** Executes (or simulates) `tx` on `svm`, whose signature verification is on. */
export function run(svm: LiteSVM, tx: ParsedTransaction, mode: 'send' | 'simulate', sigVerify: boolean): RunResult {
  let kitTx: Transaction;
  try {
    kitTx = getTransactionDecoder().decode(tx.wire);
  } catch {
    return { ...empty(), err: 'SanitizeFailure' };
  }
  // The chain's SVM verifies signatures by default; simulations may turn it off.
  if (!sigVerify) svm.withSigverify(false);
  try {
    if (sigVerify && !tx.fullySigned) return { ...empty(), err: 'SignatureFailure' };
    if (mode === 'send') {
      const r = svm.sendTransaction(kitTx);
      if (r instanceof FailedTransactionMetadata) return collect(r.meta(), fromLiteSvmError(r.err()));
      return collect(r, null);
    }
    const r = svm.simulateTransaction(kitTx);
    if (r instanceof FailedTransactionMetadata) return collect(r.meta(), fromLiteSvmError(r.err()));
    const out = collect(r.meta(), null);
    for (const a of r.postAccounts()) {
      out.postAccounts.set(a.address, {
        lamports: a.lamports,
        data: Uint8Array.from(a.data),
        owner: a.programAddress,
        executable: a.executable,
      });
    }
    return out;
  } catch (e) {
    return { ...empty(), err: 'SanitizeFailure', logs: [String(e)] };
  } finally {
    if (!sigVerify) svm.withSigverify(true);
  }
}

function empty(): RunResult {
  return { err: null, logs: [], unitsConsumed: 0n, innerInstructions: [], returnData: null, postAccounts: new Map() };
}
