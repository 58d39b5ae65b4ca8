// The local chain: a LiteSVM bank, blocks produced on a timer, a window of
// valid blockhashes, commitment levels and the transaction ledger.
import { createHash, randomBytes } from 'node:crypto';
import { Clock, LiteSVM } from 'litesvm';
import { Bank } from './bank.js';
import { toBase58, toBase64 } from './encoding.js';
import { epochOf, type Schedule } from './epoch.js';
import { balances, computeFee, memoOf, type RunResult, resolveKeys, run, tokenBalances } from './executor.js';
import { type BlockRecord, Ledger, type LedgerState, type TxRecord } from './ledger.js';
import type { Commitment } from './params.js';
import { isExecutionError, type TxError } from './tx-errors.js';
import type { ParsedTransaction } from './wire.js';

/** Blocks for which a blockhash stays valid (as on Solana). */
export const MAX_PROCESSING_AGE = 150n;
const SYSTEM_PROGRAM = '11111111111111111111111111111111';

/** What the chain persists besides the SVM's own bytes. */
export interface ChainState {
  genesisHash: string;
  faucetSeed: string;
  slot: bigint;
  blockHeight: bigint;
  blockhash: string;
  parent: BlockRecord;
  openSignatures: string[];
  timeOffsetMs: number;
  lastUnix: bigint;
  epochStartTimestamp: bigint;
  recentHashes: [string, bigint][];
  sealed: BlockRecord[];
  ledger: LedgerState;
}

export interface ChainListener {
  /** A transaction was processed into the open slot. */
  transaction?(rec: TxRecord, writable: readonly string[]): void;
  /** A block was sealed (confirmed); `changed` holds the accounts its transactions wrote. */
  confirmed?(block: BlockRecord, changed: ReadonlySet<string>): void;
  /** A block became finalized. */
  finalized?(block: BlockRecord, changed: ReadonlySet<string>): void;
  /** A new slot opened. */
  slot?(info: { slot: bigint; parent: bigint; root: bigint }): void;
}

export interface ChainOptions {
  /** Blocks between confirmed and finalized (default 2). */
  finalityDepth?: number;
}

export interface SignatureStatus {
  slot: bigint;
  confirmations: bigint | null;
  err: TxError | null;
  confirmationStatus: Commitment;
}

export class Chain {
  readonly ledger: Ledger;
  readonly bank: Bank;
  readonly genesisHash: string;
  readonly faucetSeed: Uint8Array;
  readonly listeners: ChainListener[] = [];
  /** Set when state changed since the last persist. */
  dirty = false;
  private slot: bigint;
  private height: bigint;
  private hash: string;
  private parent: BlockRecord;
  private openSignatures: string[];
  private openChanged = new Set<string>();
  private timeOffsetMs: number;
  private lastUnix: bigint;
  private epochStartTimestamp: bigint;
  private readonly recentHashes: Map<string, bigint>;
  /** The last sealed blocks, oldest first: the newest is confirmed, the first finalized. */
  private readonly sealed: { block: BlockRecord; changed: Set<string> }[];
  private readonly finalityDepth: number;
  private readonly schedule: Schedule;

  constructor(
    readonly svm: LiteSVM,
    state: ChainState | undefined,
    options: ChainOptions = {},
  ) {
    this.finalityDepth = options.finalityDepth ?? 2;
    this.bank = new Bank(svm);
    const s = svm.getEpochSchedule();
    this.schedule = {
      slotsPerEpoch: s.slotsPerEpoch,
      warmup: s.warmup,
      firstNormalEpoch: s.firstNormalEpoch,
      firstNormalSlot: s.firstNormalSlot,
    };
    if (state) {
      this.ledger = new Ledger(state.ledger);
      this.genesisHash = state.genesisHash;
      this.faucetSeed = Uint8Array.from(Buffer.from(state.faucetSeed, 'base64'));
      this.slot = state.slot;
      this.height = state.blockHeight;
      this.hash = state.blockhash;
      this.parent = state.parent;
      this.openSignatures = state.openSignatures;
      this.timeOffsetMs = state.timeOffsetMs;
      this.lastUnix = state.lastUnix;
      this.epochStartTimestamp = state.epochStartTimestamp;
      this.recentHashes = new Map(state.recentHashes);
      this.sealed = state.sealed.map((block) => ({ block, changed: new Set<string>() }));
    } else {
      this.ledger = new Ledger();
      this.faucetSeed = randomBytes(32);
      this.timeOffsetMs = 0;
      this.lastUnix = 0n;
      const now = this.unixNow();
      this.epochStartTimestamp = now;
      const genesis: BlockRecord = {
        slot: 0n,
        parentSlot: 0n,
        // A random genesis hash, so every fresh ledger has its own blockhashes.
        blockhash: toBase58(randomBytes(32)),
        previousBlockhash: toBase58(new Uint8Array(32)),
        blockHeight: 0n,
        blockTime: now,
        signatures: [],
      };
      this.genesisHash = genesis.blockhash;
      this.ledger.addBlock(genesis);
      this.parent = genesis;
      this.sealed = [{ block: genesis, changed: new Set() }];
      this.recentHashes = new Map([[genesis.blockhash, 0n]]);
      this.openSignatures = [];
      this.slot = 1n;
      this.height = 1n;
      svm.expireBlockhash();
      this.hash = nextBlockhash(genesis.blockhash, this.slot);
      this.recentHashes.set(this.hash, this.height);
      this.dirty = true;
    }
    this.applyClock();
  }

  /** The chain's unix time: wall clock plus what `advanceClock` added, never going back. */
  unixNow(): bigint {
    const t = BigInt(Math.floor((Date.now() + this.timeOffsetMs) / 1000));
    if (t > this.lastUnix) this.lastUnix = t;
    return this.lastUnix;
  }

  private applyClock(): void {
    const { epoch } = epochOf(this.schedule, this.slot);
    const prev = this.svm.getClock();
    if (epoch !== prev.epoch) this.epochStartTimestamp = this.unixNow();
    this.svm.setClock(new Clock(this.slot, this.epochStartTimestamp, epoch, epoch + 1n, this.unixNow()));
  }

  /** The slot at `commitment`: the open slot, the last sealed one, or the finalized one. */
  slotAt(commitment: Commitment): bigint {
    return this.blockAt(commitment)?.slot ?? this.slot;
  }

  /** The block at a commitment level; undefined for `processed` (the open block). */
  blockAt(commitment: Commitment): BlockRecord | undefined {
    if (commitment === 'processed') return undefined;
    if (commitment === 'confirmed') return this.sealed[this.sealed.length - 1]?.block;
    return this.sealed[0]?.block;
  }

  /** Slot, height and hash at a commitment level. */
  tip(commitment: Commitment): { slot: bigint; blockHeight: bigint; blockhash: string } {
    const b = this.blockAt(commitment);
    return b ? { slot: b.slot, blockHeight: b.blockHeight, blockhash: b.blockhash } : this.openTip();
  }

  private openTip(): { slot: bigint; blockHeight: bigint; blockhash: string } {
    return { slot: this.slot, blockHeight: this.height, blockhash: this.hash };
  }

  get epochSchedule(): Schedule {
    return this.schedule;
  }

  /** The block height up to which `blockhash` is valid, or undefined when unknown. */
  lastValidBlockHeight(blockhash: string): bigint | undefined {
    const h = this.recentHashes.get(blockhash);
    return h === undefined ? undefined : h + MAX_PROCESSING_AGE;
  }

  isBlockhashValid(blockhash: string, commitment: Commitment = 'processed'): boolean {
    const last = this.lastValidBlockHeight(blockhash);
    return last !== undefined && this.tip(commitment).blockHeight <= last;
  }

  /** Seals the open block and opens the next slot (`skip` slots later, for clock jumps). */
  produceBlock(skip = 0n): void {
    const block: BlockRecord = {
      slot: this.slot,
      parentSlot: this.parent.slot,
      blockhash: this.hash,
      previousBlockhash: this.parent.blockhash,
      blockHeight: this.height,
      // What every instruction in the block read from the clock sysvar.
      blockTime: this.svm.getClock().unixTimestamp,
      signatures: this.openSignatures,
    };
    const changed = this.openChanged;
    this.ledger.addBlock(block);
    this.sealed.push({ block, changed });
    const finalized: { block: BlockRecord; changed: Set<string> }[] = [];
    if (this.finalityDepth === 0) finalized.push({ block, changed });
    while (this.sealed.length > this.finalityDepth + 1) {
      this.sealed.shift();
      const fin = this.sealed[0];
      if (fin && this.finalityDepth > 0) finalized.push(fin);
    }
    this.parent = block;
    this.openSignatures = [];
    this.openChanged = new Set();
    this.slot = block.slot + 1n + skip;
    this.height = block.blockHeight + 1n;
    // LiteSVM's own blockhash advances too, for durable nonces.
    this.svm.expireBlockhash();
    this.hash = nextBlockhash(block.blockhash, this.slot);
    this.recentHashes.set(this.hash, this.height);
    for (const [h, height] of this.recentHashes) {
      if (height + 2n * MAX_PROCESSING_AGE < this.height) this.recentHashes.delete(h);
    }
    this.applyClock();
    if (block.signatures.length > 0) this.dirty = true;
    // Listeners see the new state: the block confirmed, the next slot open.
    for (const l of this.listeners) l.confirmed?.(block, changed);
    for (const f of finalized) for (const l of this.listeners) l.finalized?.(f.block, f.changed);
    const root = this.sealed[0]?.block.slot ?? 0n;
    for (const l of this.listeners) l.slot?.({ slot: this.slot, parent: block.slot, root });
  }

  /** Moves the clock `seconds` forward and the slot by `slots` (at least one block is produced). */
  advanceClock(seconds: bigint, slots: bigint): void {
    // Seal what ran under the old time, then seal an (empty) block at the
    // new time, so blockTime always equals the clock its block executed with.
    this.produceBlock();
    this.timeOffsetMs += Number(seconds) * 1000;
    this.applyClock();
    this.produceBlock(slots > 2n ? slots - 2n : 0n);
    this.dirty = true;
  }

  /** Sets the unix time (may go back: a development tool) and optionally jumps to a later slot. */
  setClock(unixTimestamp: bigint | undefined, slot: bigint | undefined): void {
    if (unixTimestamp !== undefined) {
      this.timeOffsetMs = Number(unixTimestamp) * 1000 - Date.now();
      this.lastUnix = unixTimestamp;
    }
    const skip = slot !== undefined && slot > this.slot + 1n ? slot - this.slot - 1n : 0n;
    this.produceBlock(skip);
    this.dirty = true;
  }

  /** Checks the blockhash or durable nonce of `tx`. */
  checkLifetime(tx: ParsedTransaction): TxError | null {
    if (this.isBlockhashValid(tx.recentBlockhash)) return null;
    // Durable nonce: the first instruction advances a nonce account holding the blockhash.
    const first = tx.instructions[0];
    if (
      first &&
      tx.staticKeys[first.programIdIndex] === SYSTEM_PROGRAM &&
      first.data[0] === 4 &&
      first.data.length === 4
    ) {
      const nonceKey = tx.staticKeys[first.accounts[0] ?? 255];
      const nonce = nonceKey ? this.bank.account(nonceKey) : null;
      if (nonce && nonce.data.length >= 72 && toBase58(nonce.data.subarray(40, 72)) === tx.recentBlockhash) {
        return null;
      }
    }
    return 'BlockhashNotFound';
  }

  /** Simulates `tx` against the current state. */
  simulate(tx: ParsedTransaction, sigVerify: boolean): RunResult & { fee: bigint } {
    const resolved = resolveKeys(this.bank, tx);
    if ('error' in resolved) return { ...emptyRun(), err: resolved.error, fee: 0n };
    return { ...run(this.svm, tx, 'simulate', sigVerify), fee: computeFee(tx, resolved.keys) };
  }

  /**
   * Processes `tx` into the open slot. Returns the error, and whether the
   * transaction landed (execution errors land and pay the fee; others are dropped).
   */
  process(tx: ParsedTransaction): { err: TxError | null; landed: boolean; result: RunResult } {
    if (this.ledger.transaction(tx.signatures[0] ?? ''))
      return { err: 'AlreadyProcessed', landed: false, result: emptyRun() };
    const resolved = resolveKeys(this.bank, tx);
    if ('error' in resolved) return { err: resolved.error, landed: false, result: emptyRun() };
    const lifetime = this.checkLifetime(tx);
    if (lifetime) return { err: lifetime, landed: false, result: emptyRun() };
    const { keys, writable, loaded } = resolved;
    const preBalances = balances(this.bank, keys);
    const preTokenBalances = tokenBalances(this.bank, keys);
    const result = run(this.svm, tx, 'send', true);
    if (result.err !== null && !isExecutionError(result.err)) return { err: result.err, landed: false, result };
    const signature = tx.signatures[0] ?? '';
    const rec: TxRecord = {
      signature,
      slot: this.slot,
      blockTime: this.svm.getClock().unixTimestamp,
      wire: toBase64(tx.wire),
      accountKeys: keys,
      memo: memoOf(tx, keys),
      meta: {
        err: result.err,
        fee: computeFee(tx, keys),
        preBalances,
        postBalances: balances(this.bank, keys),
        preTokenBalances,
        postTokenBalances: tokenBalances(this.bank, keys),
        innerInstructions: result.innerInstructions,
        logMessages: result.logs,
        loadedAddresses: loaded,
        computeUnitsConsumed: result.unitsConsumed,
        returnData: result.returnData,
      },
    };
    this.ledger.addTransaction(rec);
    this.openSignatures.push(signature);
    const written = keys.filter((_, i) => writable[i]);
    for (const k of written) this.openChanged.add(k);
    this.dirty = true;
    for (const l of this.listeners) l.transaction?.(rec, written);
    return { err: result.err, landed: true, result };
  }

  /** The status of a landed transaction, or null. */
  signatureStatus(signature: string): SignatureStatus | null {
    const rec = this.ledger.transaction(signature);
    if (!rec) return null;
    if (rec.slot === this.slot)
      return { slot: rec.slot, confirmations: 0n, err: rec.meta.err, confirmationStatus: 'processed' };
    const finalized = this.slotAt('finalized');
    if (rec.slot <= finalized)
      return { slot: rec.slot, confirmations: null, err: rec.meta.err, confirmationStatus: 'finalized' };
    const block = this.ledger.block(rec.slot);
    const confirmations = block ? this.tip('confirmed').blockHeight - block.blockHeight + 1n : 1n;
    return { slot: rec.slot, confirmations, err: rec.meta.err, confirmationStatus: 'confirmed' };
  }

  /** Whether the status has reached `commitment`. */
  static reached(status: SignatureStatus | null, commitment: Commitment): boolean {
    if (!status) return false;
    const rank = { processed: 0, confirmed: 1, finalized: 2 } as const;
    return rank[status.confirmationStatus] >= rank[commitment];
  }

  get currentSlot(): bigint {
    return this.slot;
  }

  state(): ChainState {
    return {
      genesisHash: this.genesisHash,
      faucetSeed: Buffer.from(this.faucetSeed).toString('base64'),
      slot: this.slot,
      blockHeight: this.height,
      blockhash: this.hash,
      parent: this.parent,
      openSignatures: this.openSignatures,
      timeOffsetMs: this.timeOffsetMs,
      lastUnix: this.lastUnix,
      epochStartTimestamp: this.epochStartTimestamp,
      recentHashes: [...this.recentHashes],
      sealed: this.sealed.map((s) => s.block),
      ledger: this.ledger.state(),
    };
  }
}

/** The blockhash of `slot`, chained from its parent's. */
function nextBlockhash(parent: string, slot: bigint): string {
  return toBase58(createHash('sha256').update(`${parent}:${slot}`).digest());
}

function emptyRun(): RunResult {
  return { err: null, logs: [], unitsConsumed: 0n, innerInstructions: [], returnData: null, postAccounts: new Map() };
}

/** A fresh SVM for the chain: SPL programs, precompiles, sysvars; blockhashes are checked by the chain. */
export function createSvm(): LiteSVM {
  return new LiteSVM().withBlockhashCheck(false).withSigverify(true);
}

export { LiteSVM };
