// A TransactionSender over LiteSVM that records, for every transaction, the
// lamports and token balances of every account it names, before and after,
// and the fee it paid. The fuzz driver checks conservation on these records.
import {
  ED25519_PROGRAM_ADDRESS,
  ModelmintProgramError,
  type SentTransaction,
  TOKEN_2022_PROGRAM_ADDRESS,
  TOKEN_PROGRAM_ADDRESS,
  type TransactionSender,
} from '@modelmint/sdk';
import {
  type Address,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  getAddressDecoder,
  getSignatureFromTransaction,
  type Instruction,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type TransactionSigner,
} from '@solana/kit';
import { FailedTransactionMetadata, type LiteSVM } from 'litesvm';

/** Lamports LiteSVM charges per signature (transaction and precompile signatures alike). */
export const LAMPORTS_PER_SIGNATURE = 5_000n;

/** Balances of a set of accounts at one moment. */
export interface Snapshot {
  lamports: Map<Address, bigint>;
  /** Token accounts: mint and amount. */
  tokens: Map<Address, { mint: Address; owner: Address; amount: bigint }>;
  /** Mints: supply. */
  supplies: Map<Address, bigint>;
}

/** One sent transaction and what it did. */
export interface TxRecord {
  ok: boolean;
  feePayer: Address;
  fee: bigint;
  keys: Address[];
  before: Snapshot;
  after: Snapshot;
  logs: string[];
  computeUnits: bigint;
  error?: Error;
}

/** A failed transaction whose error is not one of the program's codes. */
export class OtherFailure extends Error {
  constructor(
    message: string,
    readonly logs: readonly string[],
  ) {
    super(message);
    this.name = 'OtherFailure';
  }
}

const addressDecoder = getAddressDecoder();
const u64 = (data: Uint8Array, at: number) => new DataView(data.buffer, data.byteOffset).getBigUint64(at, true);

/** What kind of SPL account `data` under `owner` is. */
export function classifyTokenAccount(owner: Address, data: Uint8Array): 'account' | 'mint' | undefined {
  if (owner !== TOKEN_PROGRAM_ADDRESS && owner !== TOKEN_2022_PROGRAM_ADDRESS) return undefined;
  if (data.length === 165) return 'account';
  if (data.length === 82) return 'mint';
  if (owner === TOKEN_2022_PROGRAM_ADDRESS && data.length > 165) {
    if (data[165] === 2) return 'account';
    if (data[165] === 1) return 'mint';
  }
  return undefined;
}

/** Reads the balances of `keys`. */
export function snapshot(svm: LiteSVM, keys: Iterable<Address>): Snapshot {
  const s: Snapshot = { lamports: new Map(), tokens: new Map(), supplies: new Map() };
  for (const key of keys) {
    const acc = svm.getAccount(key);
    if (!acc.exists) {
      s.lamports.set(key, 0n);
      continue;
    }
    s.lamports.set(key, acc.lamports);
    const kind = classifyTokenAccount(acc.programAddress, acc.data);
    if (kind === 'account') {
      s.tokens.set(key, {
        mint: addressDecoder.decode(acc.data.subarray(0, 32)),
        owner: addressDecoder.decode(acc.data.subarray(32, 64)),
        amount: u64(acc.data, 64),
      });
    } else if (kind === 'mint') {
      s.supplies.set(key, u64(acc.data, 36));
    }
  }
  return s;
}

/** Sum of lamports in a snapshot. */
export function totalLamports(s: Snapshot): bigint {
  let n = 0n;
  for (const v of s.lamports.values()) n += v;
  return n;
}

/** Signatures a transaction pays for: its signers plus Ed25519-program signatures. */
export function signatureCount(instructions: readonly Instruction[], signers: number): bigint {
  let n = BigInt(signers);
  for (const ix of instructions) {
    if (ix.programAddress === ED25519_PROGRAM_ADDRESS && ix.data) n += BigInt(ix.data[0] ?? 0);
  }
  return n;
}

/** Every address an instruction list names, fee payer first. */
export function accountKeys(feePayer: Address, instructions: readonly Instruction[]): Address[] {
  const keys = new Set<Address>([feePayer]);
  for (const ix of instructions) {
    keys.add(ix.programAddress);
    for (const a of ix.accounts ?? []) keys.add(a.address);
  }
  return [...keys];
}

function customCode(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'err' in err && typeof err.err === 'function') {
    const inner: unknown = err.err();
    if (inner && typeof inner === 'object' && 'code' in inner && typeof inner.code === 'number') return inner.code;
  }
  return undefined;
}

/** The recording sender. `onKeys` sees every transaction's keys before it is sent. */
export class LedgerSender implements TransactionSender {
  last: TxRecord | undefined;
  transactions = 0;
  fees = 0n;

  constructor(
    readonly svm: LiteSVM,
    private readonly onKeys: (keys: readonly Address[]) => void = () => {},
  ) {}

  async send(instructions: Instruction[], feePayer: TransactionSigner): Promise<SentTransaction> {
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(feePayer, m),
      (m) =>
        setTransactionMessageLifetimeUsingBlockhash(
          { blockhash: this.svm.latestBlockhash(), lastValidBlockHeight: 0n },
          m,
        ),
      (m) => appendTransactionMessageInstructions(instructions, m),
    );
    const tx = await signTransactionMessageWithSigners(message);
    const keys = accountKeys(feePayer.address, instructions);
    this.onKeys(keys);
    const fee = LAMPORTS_PER_SIGNATURE * signatureCount(instructions, Object.keys(tx.signatures).length);
    const before = snapshot(this.svm, keys);
    const result = this.svm.sendTransaction(tx);
    this.svm.expireBlockhash();
    const after = snapshot(this.svm, keys);
    this.transactions++;
    this.fees += fee;
    if (result instanceof FailedTransactionMetadata) {
      const logs = result.meta().logs();
      const code = customCode(result.err());
      const error =
        (code === undefined ? undefined : ModelmintProgramError.fromCode(code, logs)) ??
        new OtherFailure(`transaction failed: ${result.err().toString()}\n${logs.join('\n')}`, logs);
      this.last = {
        ok: false,
        feePayer: feePayer.address,
        fee,
        keys,
        before,
        after,
        logs,
        computeUnits: result.meta().computeUnitsConsumed(),
        error,
      };
      throw error;
    }
    const logs = result.logs();
    this.last = {
      ok: true,
      feePayer: feePayer.address,
      fee,
      keys,
      before,
      after,
      logs,
      computeUnits: result.computeUnitsConsumed(),
    };
    return { signature: getSignatureFromTransaction(tx), logs, computeUnits: result.computeUnitsConsumed() };
  }

  async getAccountData(address: Address): Promise<Uint8Array | null> {
    const acc = this.svm.getAccount(address);
    return acc.exists ? acc.data : null;
  }

  async getUnixTime(): Promise<bigint> {
    return this.svm.getClock().unixTimestamp;
  }

  async getBalance(address: Address): Promise<bigint> {
    return this.svm.getBalance(address) ?? 0n;
  }
}
