// Job discovery and transactions behind one interface. `RpcChain` talks to a
// cluster (getProgramAccounts with a discriminator + status filter, program
// notifications over websocket when a ws URL is given, polling otherwise);
// the LiteSVM-backed one (svm-chain.ts) runs the compiled program in-process.
import {
  createRpcSender,
  generated,
  MODELMINT_IDL,
  ModelmintProgramError,
  PROGRAM_ADDRESS,
  type TransactionSender,
  toModelmintError,
} from '@modelmint/sdk';
import {
  type Address,
  appendTransactionMessageInstructions,
  type Base58EncodedBytes,
  type Commitment,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  createTransactionMessage,
  getBase58Decoder,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  pipe,
  type Rpc,
  type Signature,
  type SolanaRpcApi,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { sleep } from './backoff.js';

const { getJobDecoder, getJobSize, getModelDecoder, JOB_DISCRIMINATOR } = generated;
export type Job = generated.Job;
export type Model = generated.Model;

/** A job account and its address. */
export interface JobInfo {
  address: Address;
  job: Job;
}

/** What the oracle needs from a chain. */
export interface ChainClient {
  readonly sender: TransactionSender;
  readonly programAddress: Address;
  /** Jobs with status Open whose kind is in `kinds`. */
  openJobs(kinds: readonly number[]): Promise<JobInfo[]>;
  /** Jobs with status Claimed whose oracle is `oracle` (crash recovery without a journal). */
  claimedBy(oracle: Address): Promise<JobInfo[]>;
  getJob(address: Address): Promise<Job | null>;
  getModel(address: Address): Promise<Model | null>;
  /** The cluster's unix time, seconds. */
  now(): Promise<bigint>;
  /** Calls `onChange` when a job account changes; returns a stop function. Absent: poll. */
  watch?(onChange: () => void): () => void;
  close?(): void;
}

/** Byte offsets of `Job` fields, computed from the IDL's field list. */
export const JOB_LAYOUT = (() => {
  const type = MODELMINT_IDL.types.find((t) => t.name === 'Job');
  if (type?.type.kind !== 'struct') throw new Error('Job type missing from the IDL');
  const size = (t: unknown): number => {
    if (typeof t === 'string') {
      const sizes: Record<string, number> = { u8: 1, i8: 1, bool: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8 };
      if (t === 'pubkey') return 32;
      const n = sizes[t];
      if (n === undefined) throw new Error(`unsized IDL type ${t}`);
      return n;
    }
    const arr = (t as { array?: [unknown, number] }).array;
    if (arr) return size(arr[0]) * arr[1];
    throw new Error(`unsized IDL type ${JSON.stringify(t)}`);
  };
  const offsets: Record<string, number> = {};
  let at = 8; // discriminator
  for (const f of type.type.fields as readonly { name: string; type: unknown }[]) {
    offsets[f.name] = at;
    at += size(f.type);
  }
  return { offsets, size: at };
})();

/** Offset of `Job.status`. */
export const JOB_STATUS_OFFSET = JOB_LAYOUT.offsets.status as number;
/** Offset of `Job.kind`. */
export const JOB_KIND_OFFSET = JOB_LAYOUT.offsets.kind as number;
/** Offset of `Job.oracle`. */
export const JOB_ORACLE_OFFSET = JOB_LAYOUT.offsets.oracle as number;

if (JOB_LAYOUT.size !== getJobSize()) throw new Error('IDL Job layout disagrees with the generated decoder');

const b58 = getBase58Decoder();
const base58 = (bytes: Uint8Array) => b58.decode(bytes) as Base58EncodedBytes;

/** getProgramAccounts filters for jobs with `status` (and `kind`, `oracle` when given). */
export function jobFilters(p: { status: number; kind?: number; oracle?: Address }) {
  const filters: (
    | { dataSize: bigint }
    | { memcmp: { offset: bigint; bytes: Base58EncodedBytes; encoding: 'base58' } }
  )[] = [
    { dataSize: BigInt(JOB_LAYOUT.size) },
    { memcmp: { offset: 0n, bytes: base58(JOB_DISCRIMINATOR), encoding: 'base58' } },
    { memcmp: { offset: BigInt(JOB_STATUS_OFFSET), bytes: base58(Uint8Array.of(p.status)), encoding: 'base58' } },
  ];
  if (p.kind !== undefined) {
    filters.push({
      memcmp: { offset: BigInt(JOB_KIND_OFFSET), bytes: base58(Uint8Array.of(p.kind)), encoding: 'base58' },
    });
  }
  if (p.oracle !== undefined) {
    filters.push({
      memcmp: {
        offset: BigInt(JOB_ORACLE_OFFSET),
        bytes: p.oracle as string as Base58EncodedBytes,
        encoding: 'base58',
      },
    });
  }
  return filters;
}

/** True when raw account data is a Job with these field values (the in-process filter). */
export function matchesJob(data: ArrayLike<number>, p: { status: number; kinds?: readonly number[] }): boolean {
  if (data.length !== JOB_LAYOUT.size) return false;
  for (let i = 0; i < 8; i++) if (data[i] !== JOB_DISCRIMINATOR[i]) return false;
  if (data[JOB_STATUS_OFFSET] !== p.status) return false;
  return p.kinds === undefined || p.kinds.includes(data[JOB_KIND_OFFSET] ?? 255);
}

const decodeB64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));

/**
 * A sender that confirms by polling `getSignatureStatuses` (no websocket
 * needed). Program failures become `ModelmintProgramError`s.
 */
export function createPollingSender(
  rpc: Rpc<SolanaRpcApi>,
  o: { commitment?: Commitment; timeoutMs?: number; pollMs?: number } = {},
): TransactionSender {
  const commitment = o.commitment ?? 'confirmed';
  return {
    async send(instructions, feePayer) {
      const { value: blockhash } = await rpc.getLatestBlockhash({ commitment }).send();
      const message = pipe(
        createTransactionMessage({ version: 0 }),
        (m) => setTransactionMessageFeePayerSigner(feePayer, m),
        (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
        (m) => appendTransactionMessageInstructions(instructions, m),
      );
      const tx = await signTransactionMessageWithSigners(message);
      const signature = getSignatureFromTransaction(tx);
      try {
        await rpc
          .sendTransaction(getBase64EncodedWireTransaction(tx), { encoding: 'base64', preflightCommitment: commitment })
          .send();
      } catch (e) {
        throw toModelmintError(e) ?? e;
      }
      await confirm(rpc, signature, commitment, o.timeoutMs ?? 60_000, o.pollMs ?? 400);
      const details = await rpc
        .getTransaction(signature, { commitment, maxSupportedTransactionVersion: 0, encoding: 'json' })
        .send();
      return {
        signature,
        logs: details?.meta?.logMessages ?? [],
        computeUnits: details?.meta?.computeUnitsConsumed ?? undefined,
      };
    },
    async getAccountData(address) {
      const { value } = await rpc.getAccountInfo(address, { commitment, encoding: 'base64' }).send();
      return value ? decodeB64(value.data[0]) : null;
    },
    async getUnixTime() {
      return clockTime(rpc, commitment);
    },
  };
}

async function confirm(
  rpc: Rpc<SolanaRpcApi>,
  signature: Signature,
  commitment: Commitment,
  timeoutMs: number,
  pollMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  const rank = { processed: 0, confirmed: 1, finalized: 2 } as const;
  while (Date.now() < until) {
    const { value } = await rpc.getSignatureStatuses([signature]).send();
    const s = value[0];
    if (s) {
      if (s.err) {
        const err = new Error(
          `transaction ${signature} failed: ${JSON.stringify(s.err, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`,
        );
        const code = customCode(s.err);
        const mapped = code === undefined ? undefined : ModelmintProgramError.fromCode(code);
        throw mapped ?? err;
      }
      if (s.confirmationStatus && rank[s.confirmationStatus] >= rank[commitment]) return;
    }
    await sleep(pollMs);
  }
  throw Object.assign(new Error(`transaction ${signature} not confirmed within ${timeoutMs} ms`), { transient: true });
}

function customCode(err: unknown): number | undefined {
  const ie = (err as { InstructionError?: [number, unknown] }).InstructionError;
  const c = ie?.[1] as { Custom?: number | bigint } | undefined;
  return c?.Custom === undefined ? undefined : Number(c.Custom);
}

const CLOCK_SYSVAR = 'SysvarC1ock11111111111111111111111111111111' as Address;

/** Unix time from the Clock sysvar (the time the program sees). */
async function clockTime(rpc: Rpc<SolanaRpcApi>, commitment: Commitment): Promise<bigint> {
  const { value } = await rpc.getAccountInfo(CLOCK_SYSVAR, { commitment, encoding: 'base64' }).send();
  if (!value) throw new Error('Clock sysvar not readable');
  const data = decodeB64(value.data[0]);
  return new DataView(data.buffer, data.byteOffset).getBigInt64(32, true);
}

/** A cluster over JSON-RPC (+ websocket notifications when `wsUrl` is given). */
export class RpcChain implements ChainClient {
  readonly sender: TransactionSender;
  readonly rpc: Rpc<SolanaRpcApi>;
  private readonly subscriptions: ReturnType<typeof createSolanaRpcSubscriptions> | undefined;

  constructor(
    url: string,
    private readonly o: { wsUrl?: string; programAddress?: Address; commitment?: Commitment } = {},
  ) {
    this.rpc = createSolanaRpc(url);
    this.subscriptions = o.wsUrl ? createSolanaRpcSubscriptions(o.wsUrl) : undefined;
    this.sender = this.subscriptions
      ? createRpcSender({ rpc: this.rpc, rpcSubscriptions: this.subscriptions, commitment: o.commitment })
      : createPollingSender(this.rpc, { commitment: o.commitment });
  }

  get programAddress(): Address {
    return this.o.programAddress ?? PROGRAM_ADDRESS;
  }

  private async query(filters: ReturnType<typeof jobFilters>): Promise<JobInfo[]> {
    const accounts = await this.rpc
      .getProgramAccounts(this.programAddress, {
        commitment: this.o.commitment ?? 'confirmed',
        encoding: 'base64',
        filters,
      })
      .send();
    const decoder = getJobDecoder();
    return accounts.map((a) => ({ address: a.pubkey, job: decoder.decode(decodeB64(a.account.data[0])) }));
  }

  async openJobs(kinds: readonly number[]): Promise<JobInfo[]> {
    if (kinds.length === 1) return this.query(jobFilters({ status: 0, kind: kinds[0] }));
    return (await this.query(jobFilters({ status: 0 }))).filter((j) => kinds.includes(j.job.kind));
  }

  claimedBy(oracle: Address): Promise<JobInfo[]> {
    return this.query(jobFilters({ status: 1, oracle }));
  }

  async getJob(address: Address): Promise<Job | null> {
    const data = await this.sender.getAccountData(address);
    return data ? getJobDecoder().decode(data) : null;
  }

  async getModel(address: Address): Promise<Model | null> {
    const data = await this.sender.getAccountData(address);
    return data ? getModelDecoder().decode(data) : null;
  }

  now(): Promise<bigint> {
    return clockTime(this.rpc, this.o.commitment ?? 'confirmed');
  }

  get watch(): ((onChange: () => void) => () => void) | undefined {
    const subs = this.subscriptions;
    if (!subs) return undefined;
    return (onChange) => {
      const abort = new AbortController();
      (async () => {
        try {
          const stream = await subs
            .programNotifications(this.programAddress, {
              commitment: this.o.commitment ?? 'confirmed',
              encoding: 'base64',
              filters: [{ dataSize: BigInt(JOB_LAYOUT.size) }],
            })
            .subscribe({ abortSignal: abort.signal });
          for await (const _ of stream) onChange();
        } catch {
          // closed or unsupported: the poll loop still runs
        }
      })();
      return () => abort.abort();
    };
  }
}
