import { PROGRAM_ADDRESS } from '@modelmint/sdk';
import { getSignatureFromTransaction } from '@solana/kit';
import { FailedTransactionMetadata, LiteSVM } from 'litesvm';
import type { RawTransaction } from '../../src/ingest/decoder.js';
import type { ProgramAccount } from '../../src/reconcile.js';

/** Transactions sent to LiteSVM, as an RPC `getTransaction` would report them. */
export interface Recording {
  txs: RawTransaction[];
  /** The SVM the last transaction went to (to read its accounts). */
  svm: LiteSVM | undefined;
  stop(): void;
}

/**
 * Records every transaction any LiteSVM in this process executes (the SDK's actions and the
 * fixtures send through `sendTransaction`): signature, slot, index in the slot, the clock's unix
 * time as block time (what a validator reports), error and logs.
 */
export function recordTransactions(): Recording {
  const original = LiteSVM.prototype.sendTransaction;
  const rec: Recording = {
    txs: [],
    svm: undefined,
    stop: () => {
      LiteSVM.prototype.sendTransaction = original;
    },
  };
  let slot = -1n;
  let index = 0;
  LiteSVM.prototype.sendTransaction = function (this: LiteSVM, tx) {
    const result = original.call(this, tx);
    rec.svm = this;
    const clock = this.getClock();
    if (clock.slot !== slot) {
      slot = clock.slot;
      index = 0;
    }
    const failed = result instanceof FailedTransactionMetadata;
    const logs = failed ? result.meta().logs() : result.logs();
    // Rejected before execution (no logs at all): never lands in a block.
    if (failed && logs.length === 0) return result;
    rec.txs.push({
      slot: slot.toString(),
      blockTime: clock.unixTimestamp.toString(),
      indexWithinBlock: index++,
      meta: { err: failed ? { err: String(result.err()) } : null, logMessages: logs },
      transaction: { signatures: [getSignatureFromTransaction(tx)], message: { accountKeys: [] } },
    });
    return result;
  };
  return rec;
}

/** Every account the program owns in the SVM. */
export function programAccounts(svm: LiteSVM): ProgramAccount[] {
  return svm.getProgramAccounts(PROGRAM_ADDRESS).map((a) => ({ address: a.address, data: new Uint8Array(a.data) }));
}
