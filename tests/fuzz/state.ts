// The fuzz driver's state: the models, jobs and wallets it tracks, the world it runs in,
// and the lookups every operation and check uses (see driver.ts).
import {
  findGrantAddress,
  findJobNonce,
  findPassAddress,
  findSubscriptionAddress,
  generated,
  type ModelmintErrorName,
  type Payment,
  rawCid,
} from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import type { TxRecord } from './ledger-sender.js';
import type { Prng } from './prng.js';
import type { Currency, OracleKeys, Wallet, World } from './world.js';

const PRICES = [0n, 1n, 7n, 999n, 10_000n, 1_000_003n, 25_000_000n] as const;

export interface FuzzModel {
  address: Address;
  assetMint: Address;
  currency: Currency;
  holder: Wallet;
  /** Revenue the model should hold: creator shares settled or split in, minus withdrawals. */
  revenue: bigint;
  /** Rent of the model account (SOL revenue sits above it). */
  rent: bigint;
  /** Token vault (SPL models). */
  vault: Address;
}

export interface FuzzJob {
  address: Address;
  requester: Wallet;
  model: FuzzModel;
  kind: number;
  mode: number;
  escrow: bigint;
  status: number;
  deadline: bigint;
  deliveredAt: bigint;
  /** When disputed: unresolved after this, anyone refunds it in full. */
  resolveBy: bigint;
  /** Oracle that claimed it. */
  oracle?: OracleKeys;
}

/** Options of a run. */
export interface FuzzOptions {
  seed: number;
  ops: number;
  /** Global sweep (every job decoded, registry-wide token sums) every this many operations. */
  sweepEvery?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** What a run did. */
export interface FuzzReport {
  seed: number;
  ops: number;
  /** Operations that sent a transaction the program accepted. */
  succeeded: number;
  /** Refusals by `operation:ErrorName`. */
  refusals: Record<string, number>;
  /** Successful operations by name. */
  byOperation: Record<string, number>;
  transactions: number;
  feesPaid: string;
  /** Jobs finished (settled or refunded), each checked for refund + payee + fee = escrow. */
  finishedJobs: number;
  /** Invariant checks evaluated. */
  checks: number;
  millis: number;
  /** The first broken invariant or unexpected error, if any. */
  failure?: string;
}

/** A broken invariant. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

/** floor(amount × b / 10 000): a dispute's refund share. */
export const bps = (amount: bigint, b: bigint) => (amount * b) / 10_000n;
/** ceil(amount × b / 10 000): the platform fee. */
export const feeOf = (amount: bigint, b: bigint) => (amount * b + 9_999n) / 10_000n;
export const u64 = (data: Uint8Array, at: number) => new DataView(data.buffer, data.byteOffset).getBigUint64(at, true);

export function payment(c: Currency): Payment | undefined {
  return c.mint && c.tokenProgram ? { mint: c.mint, tokenProgram: c.tokenProgram } : undefined;
}

/** What the driver tracks of the world, and the lookups operations and checks share. */
export class DriverState {
  readonly rng: Prng;
  readonly models: FuzzModel[] = [];
  readonly jobs: FuzzJob[] = [];
  readonly jobByAddress = new Map<Address, FuzzJob>();
  readonly finished = new Set<Address>();
  readonly refusals: Record<string, number> = {};
  readonly byOperation: Record<string, number> = {};
  /**
   * Fees the platform should hold, by mint: 'sol' for the fee vault's lamports
   * above rent (accrued minus withdrawn), a mint for the treasury's tokens.
   */
  readonly treasuryIn = new Map<string, bigint>();
  /** The SOL fee vault PDA (set by the driver before the first operation). */
  feeVault = '' as Address;
  /** What the next subscription refund (revoke_access, cancel_subscription) must be, read before sending. */
  expectedSubscriptionRefund: bigint | undefined;
  /** What the next Subscribed must record: unused value carried over, before the purchase. */
  expectedCarriedValue: bigint | undefined;
  feeBps = 1_000n;
  paused = false;
  readonly inactive = new Set<string>();
  /** Freezable mints the config does not trust now. */
  readonly untrusted = new Set<string>();
  checks = 0;
  current = '';
  /** Allowed refusals of the operation in progress. */
  protected allowed = new Set<ModelmintErrorName>();
  /** SPL models' `escrowed` before the operation. */
  protected escrowedBefore = new Map<Address, bigint>();

  constructor(
    readonly w: World,
    readonly o: FuzzOptions,
  ) {
    this.rng = w.rng;
  }

  check(cond: boolean, what: () => string): void {
    this.checks++;
    if (!cond) throw new InvariantError(what());
  }

  eq(actual: bigint | number, expected: bigint | number, what: string): void {
    this.check(actual === expected, () => `${what}: expected ${expected}, got ${actual}`);
  }

  /** Refusals `op` may meet; anything else fails the run. */
  allow(...names: ModelmintErrorName[]): void {
    for (const n of names) this.allowed.add(n);
  }

  lastRecord(): TxRecord | undefined {
    return this.w.sender.last;
  }

  // ---------------------------------------------------------------- helpers

  wallet(): Wallet {
    return this.rng.pick(this.w.wallets);
  }

  model(): FuzzModel | undefined {
    return this.models.length ? this.rng.pick(this.models) : undefined;
  }

  /** The holder most of the time, someone else sometimes (refused: NotAssetHolder). */
  actorFor(m: FuzzModel): Wallet {
    if (this.rng.chance(0.9)) return m.holder;
    this.allow('NotAssetHolder');
    return this.wallet();
  }

  /** A job in one of `statuses` (and passing `also`) with probability `p`, else any job. */
  job(statuses: number[], also: (j: FuzzJob) => boolean = () => true, p = 0.85): FuzzJob | undefined {
    const fitting = this.jobs.filter((j) => statuses.includes(j.status) && also(j));
    if (fitting.length && this.rng.chance(p)) return this.rng.pick(fitting);
    return this.jobs.length ? this.rng.pick(this.jobs) : undefined;
  }

  private readonly pdaCache = new Map<string, Promise<readonly [Address, number]>>();

  /** Grant, subscription and pass PDAs, derived once (derivation dominates the run time otherwise). */
  pda(kind: 'grant' | 'subscription' | 'pass', model: Address, user: Address): Promise<readonly [Address, number]> {
    const key = `${kind}:${model}:${user}`;
    let found = this.pdaCache.get(key);
    if (!found) {
      const find = { grant: findGrantAddress, subscription: findSubscriptionAddress, pass: findPassAddress }[kind];
      found = find({ model, user });
      this.pdaCache.set(key, found);
    }
    return found;
  }

  exists(address: Address): boolean {
    return this.w.svm.getAccount(address).exists;
  }

  data(address: Address): Uint8Array {
    const acc = this.w.svm.getAccount(address);
    if (!acc.exists) throw new InvariantError(`${address} does not exist`);
    return acc.data;
  }

  modelAccount(m: FuzzModel) {
    return generated.getModelDecoder().decode(this.data(m.address));
  }

  jobAccount(j: Address) {
    return generated.getJobDecoder().decode(this.data(j));
  }

  rent(len: number): bigint {
    return this.w.svm.minimumBalanceForRentExemption(BigInt(len));
  }

  async cid(): Promise<Uint8Array> {
    return rawCid(this.rng.bytes(16));
  }

  async nonce(requester: Address): Promise<bigint> {
    return (await findJobNonce({ requester, start: this.rng.u48() })).nonce;
  }

  price(): bigint {
    return this.rng.pick(PRICES);
  }
}
