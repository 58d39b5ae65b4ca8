import {
  type Address,
  appendTransactionMessageInstructions,
  type Commitment,
  createTransactionMessage,
  getSignatureFromTransaction,
  type Instruction,
  pipe,
  type Rpc,
  type RpcSubscriptions,
  type Signature,
  type SolanaRpcApi,
  type SolanaRpcSubscriptionsApi,
  sendAndConfirmTransactionFactory,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type TransactionSigner,
} from '@solana/kit';
import { toModelmintError } from './errors.js';

/** What an action needs from a cluster: send transactions and read accounts. */
export interface TransactionSender {
  /** Sends `instructions` in one transaction paid by `feePayer`; resolves when confirmed. */
  send(instructions: Instruction[], feePayer: TransactionSigner): Promise<SentTransaction>;
  /** Raw data of an account, or `null` when it does not exist. */
  getAccountData(address: Address): Promise<Uint8Array | null>;
  /** The cluster's unix time, seconds. */
  getUnixTime(): Promise<bigint>;
  /**
   * Lamports of an account (0 when it does not exist). Optional: actions
   * that use it (a refund's top-up) skip what they would check without it.
   */
  getBalance?(address: Address): Promise<bigint>;
}

/** A confirmed transaction. */
export interface SentTransaction {
  signature: Signature;
  /** Program logs, when the sender could read them. */
  logs: readonly string[];
  /** Compute units consumed, when known. */
  computeUnits?: bigint;
}

/**
 * A {@link TransactionSender} over any Solana JSON-RPC endpoint (a local
 * validator, devnet, mainnet). Program failures are rethrown as
 * `ModelmintProgramError` when they carry one of the program's codes.
 */
export function createRpcSender(p: {
  rpc: Rpc<SolanaRpcApi>;
  rpcSubscriptions: RpcSubscriptions<SolanaRpcSubscriptionsApi>;
  commitment?: Commitment;
}): TransactionSender {
  const commitment = p.commitment ?? 'confirmed';
  const sendAndConfirm = sendAndConfirmTransactionFactory({ rpc: p.rpc, rpcSubscriptions: p.rpcSubscriptions });
  return {
    async send(instructions, feePayer) {
      const { value: blockhash } = await p.rpc.getLatestBlockhash({ commitment }).send();
      const message = pipe(
        createTransactionMessage({ version: 0 }),
        (m) => setTransactionMessageFeePayerSigner(feePayer, m),
        (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
        (m) => appendTransactionMessageInstructions(instructions, m),
      );
      const tx = await signTransactionMessageWithSigners(message);
      try {
        await sendAndConfirm(tx as Parameters<typeof sendAndConfirm>[0], { commitment });
      } catch (e) {
        throw toModelmintError(e) ?? e;
      }
      const signature = getSignatureFromTransaction(tx);
      const details = await p.rpc
        .getTransaction(signature, { commitment, maxSupportedTransactionVersion: 0, encoding: 'json' })
        .send();
      return {
        signature,
        logs: details?.meta?.logMessages ?? [],
        computeUnits: details?.meta?.computeUnitsConsumed ?? undefined,
      };
    },
    async getAccountData(address) {
      const { value } = await p.rpc.getAccountInfo(address, { commitment, encoding: 'base64' }).send();
      if (!value) return null;
      return Uint8Array.from(atob(value.data[0]), (c) => c.charCodeAt(0));
    },
    async getBalance(address) {
      const { value } = await p.rpc.getBalance(address, { commitment }).send();
      return BigInt(value);
    },
    async getUnixTime() {
      const slot = await p.rpc.getSlot({ commitment }).send();
      const time = await p.rpc.getBlockTime(slot).send();
      return BigInt(time ?? Math.floor(Date.now() / 1000));
    },
  };
}
