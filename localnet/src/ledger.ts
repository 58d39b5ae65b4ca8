// The local ledger: blocks, transactions and the per-address signature index.
import type { JsonObject } from './json.js';
import type { TxError } from './tx-errors.js';

export interface TokenBalance extends JsonObject {
  accountIndex: number;
  mint: string;
  owner: string;
  programId: string;
  uiTokenAmount: JsonObject;
}

export interface InnerInstructionGroup extends JsonObject {
  index: number;
  instructions: { programIdIndex: number; accounts: number[]; data: string; stackHeight: number }[];
}

export interface TxMeta {
  err: TxError | null;
  fee: bigint;
  preBalances: bigint[];
  postBalances: bigint[];
  preTokenBalances: TokenBalance[];
  postTokenBalances: TokenBalance[];
  innerInstructions: InnerInstructionGroup[];
  logMessages: string[];
  loadedAddresses: { writable: string[]; readonly: string[] };
  computeUnitsConsumed: bigint;
  returnData: { programId: string; data: [string, 'base64'] } | null;
}

export interface TxRecord {
  signature: string;
  slot: bigint;
  blockTime: bigint;
  /** The wire transaction, base64. */
  wire: string;
  /** Static keys, then loaded writable, then loaded readonly. */
  accountKeys: string[];
  meta: TxMeta;
  memo: string | null;
}

export interface BlockRecord {
  slot: bigint;
  parentSlot: bigint;
  blockhash: string;
  previousBlockhash: string;
  blockHeight: bigint;
  blockTime: bigint;
  signatures: string[];
}

/** What the ledger persists. */
export interface LedgerState {
  blocks: BlockRecord[];
  transactions: TxRecord[];
}

/** Blocks kept without transactions (older empty blocks are dropped). */
const KEEP_EMPTY_BLOCKS = 2048;

export class Ledger {
  private readonly blocks = new Map<bigint, BlockRecord>();
  private readonly emptySlots: bigint[] = [];
  private readonly txs = new Map<string, TxRecord>();
  /** Signatures per address, oldest first. */
  private readonly byAddress = new Map<string, string[]>();

  constructor(state?: LedgerState) {
    for (const t of state?.transactions ?? []) this.addTransaction(t);
    for (const b of state?.blocks ?? []) this.addBlock(b);
  }

  get transactionCount(): number {
    return this.txs.size;
  }

  addTransaction(rec: TxRecord): void {
    this.txs.set(rec.signature, rec);
    for (const key of new Set(rec.accountKeys)) {
      let list = this.byAddress.get(key);
      if (!list) {
        list = [];
        this.byAddress.set(key, list);
      }
      list.push(rec.signature);
    }
  }

  addBlock(block: BlockRecord): void {
    this.blocks.set(block.slot, block);
    if (block.signatures.length === 0) {
      this.emptySlots.push(block.slot);
      while (this.emptySlots.length > KEEP_EMPTY_BLOCKS) {
        const old = this.emptySlots.shift();
        if (old !== undefined) this.blocks.delete(old);
      }
    }
  }

  block(slot: bigint): BlockRecord | undefined {
    return this.blocks.get(slot);
  }

  transaction(signature: string): TxRecord | undefined {
    return this.txs.get(signature);
  }

  /** Signatures that touched `address`, oldest first. */
  signaturesFor(address: string): readonly string[] {
    return this.byAddress.get(address) ?? [];
  }

  state(): LedgerState {
    const blocks = [...this.blocks.values()].sort((a, b) => (a.slot < b.slot ? -1 : 1));
    return { blocks, transactions: [...this.txs.values()] };
  }
}
