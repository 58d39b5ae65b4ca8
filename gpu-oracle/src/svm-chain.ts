// A ChainClient over an in-process LiteSVM running the compiled program: the
// same discovery and transactions as RpcChain, without a validator. Used by
// the tests and the benchmark.
import { generated, ModelmintProgramError, PROGRAM_ADDRESS, type TransactionSender } from '@modelmint/sdk';
import {
  type Address,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  getSignatureFromTransaction,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { FailedTransactionMetadata, type LiteSVM } from 'litesvm';
import { type ChainClient, type Job, type JobInfo, type Model, matchesJob } from './chain.js';

const { getJobDecoder, getModelDecoder } = generated;

/** The custom program error code inside a LiteSVM transaction error, if any. */
function customCode(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'err' in err && typeof err.err === 'function') {
    const inner: unknown = err.err();
    if (inner && typeof inner === 'object' && 'code' in inner && typeof inner.code === 'number') return inner.code;
  }
  return undefined;
}

/** A TransactionSender over LiteSVM; failures become ModelmintProgramError where they carry a program code. */
export function svmSender(svm: LiteSVM, o: { onSend?: (sig: string, ok: boolean) => void } = {}): TransactionSender {
  return {
    async send(instructions, feePayer) {
      const message = pipe(
        createTransactionMessage({ version: 0 }),
        (m) => setTransactionMessageFeePayerSigner(feePayer, m),
        (m) =>
          setTransactionMessageLifetimeUsingBlockhash(
            { blockhash: svm.latestBlockhash(), lastValidBlockHeight: 0n },
            m,
          ),
        (m) => appendTransactionMessageInstructions(instructions, m),
      );
      const tx = await signTransactionMessageWithSigners(message);
      const result = svm.sendTransaction(tx);
      svm.expireBlockhash();
      const signature = getSignatureFromTransaction(tx);
      if (result instanceof FailedTransactionMetadata) {
        o.onSend?.(signature, false);
        const logs = result.meta().logs();
        const code = customCode(result.err());
        const mapped = code === undefined ? undefined : ModelmintProgramError.fromCode(code, logs);
        if (mapped) throw mapped;
        throw new Error(`transaction failed: ${result.err().toString()}\n${logs.join('\n')}`);
      }
      o.onSend?.(signature, true);
      return { signature, logs: result.logs(), computeUnits: result.computeUnitsConsumed() };
    },
    async getAccountData(address) {
      const acc = svm.getAccount(address);
      return acc.exists ? acc.data : null;
    },
    async getUnixTime() {
      return svm.getClock().unixTimestamp;
    },
  };
}

/** LiteSVM-backed job discovery: svm.getProgramAccounts filtered by discriminator and status. */
export class SvmChain implements ChainClient {
  readonly sender: TransactionSender;
  constructor(
    readonly svm: LiteSVM,
    readonly programAddress: Address = PROGRAM_ADDRESS,
    sender?: TransactionSender,
  ) {
    this.sender = sender ?? svmSender(svm);
  }

  private scan(p: { status: number; kinds?: readonly number[] }): JobInfo[] {
    const decoder = getJobDecoder();
    return this.svm
      .getProgramAccounts(this.programAddress)
      .filter((a) => matchesJob(a.data, p))
      .map((a) => ({ address: a.address, job: decoder.decode(a.data) }));
  }

  async openJobs(kinds: readonly number[]): Promise<JobInfo[]> {
    return this.scan({ status: 0, kinds });
  }

  async claimedBy(oracle: Address): Promise<JobInfo[]> {
    return this.scan({ status: 1 }).filter((j) => j.job.oracle === oracle);
  }

  async getJob(address: Address): Promise<Job | null> {
    const acc = this.svm.getAccount(address);
    return acc.exists ? getJobDecoder().decode(acc.data) : null;
  }

  async getModel(address: Address): Promise<Model | null> {
    const acc = this.svm.getAccount(address);
    return acc.exists ? getModelDecoder().decode(acc.data) : null;
  }

  async now(): Promise<bigint> {
    return this.svm.getClock().unixTimestamp;
  }
}
