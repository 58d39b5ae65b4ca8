// The conservation fuzz driver: random user operations across wallets,
// models and currencies (SOL, classic SPL Token, Token-2022), with the money
// invariants of DESIGN.md checked after every operation:
//  (a) lamports over every tracked account change only by the fees paid;
//  (b) tokens over every token account are unchanged (per mint, changes
//      equal the mint's supply change: only the asset mint at creation);
//  (c) every finished job: refund + payee share + fee = escrow, by the
//      events and by the balance deltas, exactly once;
//  (d) SPL models: vault >= model.escrowed, escrowed equals the open jobs'
//      and passes' escrow, and withdrawals take exactly the revenue.
import {
  buyPass,
  Category,
  claimJob,
  closePass,
  createModel,
  disputeJob,
  type EventDataMap,
  failJob,
  findGrantAddress,
  findJobNonce,
  findPassAddress,
  findSubscriptionAddress,
  generated,
  grantAccessInstruction,
  isModelmintProgramError,
  JobKind,
  JobStatus,
  type ModelmintErrorName,
  type ModelmintEvent,
  ModelmintProgramError,
  ModelStatus,
  type Payment,
  PaymentMode,
  parseEvents,
  rateJob,
  rawCid,
  refundExpired,
  requestGeneration,
  requestTrainingInstruction,
  resolveDispute,
  revokeAccessInstruction,
  setOracleActiveInstruction,
  setPausedInstruction,
  settleJob,
  submitResult,
  subscribe,
  TOKEN_2022_PROGRAM_ADDRESS,
  updateConfigInstruction,
  updateModelInstruction,
  Visibility,
  withdrawRevenue,
} from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { getCreateAssociatedTokenIdempotentInstruction, getTransferCheckedInstruction } from '@solana-program/token';
import { OtherFailure, type Snapshot, type TxRecord, totalLamports } from './ledger-sender.js';
import { Prng } from './prng.js';
import {
  ataFor,
  type Currency,
  createWorld,
  INFERENCE_TIMEOUT,
  keypair,
  now,
  type OracleKeys,
  registryLamports,
  registryTokens,
  type Wallet,
  WINDOW,
  type World,
  warp,
} from './world.js';

/** Operations the driver performs. */
export const OPERATIONS = [
  'create_model',
  'request_training',
  'request_generation',
  'subscribe',
  'buy_pass',
  'close_pass',
  'grant_access',
  'revoke_access',
  'claim_job',
  'submit_result',
  'fail_job',
  'dispute_job',
  'resolve_dispute',
  'settle_job',
  'refund_expired',
  'withdraw_revenue',
  'rate_job',
  'update_model',
  'transfer_asset',
  'set_paused',
  'set_oracle_active',
  'update_fee',
  'warp',
] as const;
export type Operation = (typeof OPERATIONS)[number];

const WEIGHTS: Record<Operation, number> = {
  create_model: 1,
  request_training: 4,
  request_generation: 24,
  subscribe: 5,
  buy_pass: 5,
  close_pass: 2,
  grant_access: 4,
  revoke_access: 2,
  claim_job: 14,
  submit_result: 12,
  fail_job: 3,
  dispute_job: 4,
  resolve_dispute: 4,
  settle_job: 9,
  refund_expired: 4,
  withdraw_revenue: 4,
  rate_job: 4,
  update_model: 3,
  transfer_asset: 1,
  set_paused: 1,
  set_oracle_active: 1,
  update_fee: 1,
  warp: 4,
};

const MAX_MODELS = 12;
const PRICES = [0n, 1n, 7n, 999n, 10_000n, 1_000_003n, 25_000_000n] as const;

interface FuzzModel {
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

interface FuzzJob {
  address: Address;
  requester: Wallet;
  model: FuzzModel;
  kind: number;
  mode: number;
  escrow: bigint;
  status: number;
  deadline: bigint;
  deliveredAt: bigint;
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

const bps = (amount: bigint, b: bigint) => (amount * b) / 10_000n;
const u64 = (data: Uint8Array, at: number) => new DataView(data.buffer, data.byteOffset).getBigUint64(at, true);

function payment(c: Currency): Payment | undefined {
  return c.mint && c.tokenProgram ? { mint: c.mint, tokenProgram: c.tokenProgram } : undefined;
}

/** Runs `ops` random operations and checks every invariant after each; never throws on a finding. */
export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const rng = new Prng(o.seed);
  const w = await createWorld(rng);
  const d = new Driver(w, o);
  const report: FuzzReport = {
    seed: o.seed,
    ops: 0,
    succeeded: 0,
    refusals: d.refusals,
    byOperation: d.byOperation,
    transactions: 0,
    feesPaid: '0',
    finishedJobs: 0,
    checks: 0,
    millis: 0,
  };
  try {
    // A model of every currency and visibility first, so every path is reachable early.
    for (const c of w.currencies) {
      for (const visibility of [Visibility.Public, Visibility.Allowlist]) {
        await d.step('create_model', () => d.createModel(c, visibility));
        report.ops++;
      }
    }
    report.ops += await d.bootstrap();
    while (report.ops < o.ops) {
      const op = rng.weighted(WEIGHTS);
      await d.step(op, () => d.perform(op));
      report.ops++;
      if (report.ops % (o.sweepEvery ?? 100) === 0) {
        await d.sweep();
        o.log?.(`[fuzz] ${report.ops} ops, ${d.checks} checks, ${d.finished.size} jobs finished`);
      }
    }
    await d.sweep();
  } catch (e) {
    report.failure = `seed ${o.seed}, op #${report.ops} (${d.current}): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
  report.succeeded = Object.values(d.byOperation).reduce((a, b) => a + b, 0);
  report.transactions = w.sender.transactions;
  report.feesPaid = w.sender.fees.toString();
  report.finishedJobs = d.finished.size;
  report.checks = d.checks;
  report.millis = Math.round(performance.now() - started);
  return report;
}

class Driver {
  readonly rng: Prng;
  readonly models: FuzzModel[] = [];
  readonly jobs: FuzzJob[] = [];
  readonly jobByAddress = new Map<Address, FuzzJob>();
  readonly finished = new Set<Address>();
  readonly refusals: Record<string, number> = {};
  readonly byOperation: Record<string, number> = {};
  /** Fees the treasury should have received, by mint ('sol' for lamports). */
  readonly treasuryIn = new Map<string, bigint>();
  readonly treasuryStart = new Map<string, bigint>();
  feeBps = 1_000n;
  paused = false;
  readonly inactive = new Set<string>();
  checks = 0;
  current = '';
  /** Allowed refusals of the operation in progress. */
  private allowed = new Set<ModelmintErrorName>();
  /** SPL models' `escrowed` before the operation. */
  private escrowedBefore = new Map<Address, bigint>();

  constructor(
    readonly w: World,
    readonly o: FuzzOptions,
  ) {
    this.rng = w.rng;
    this.treasuryStart.set('sol', w.svm.getBalance(w.treasury.address) ?? 0n);
  }

  check(cond: boolean, what: () => string): void {
    this.checks++;
    if (!cond) throw new InvariantError(what());
  }

  eq(actual: bigint | number, expected: bigint | number, what: string): void {
    this.check(actual === expected, () => `${what}: expected ${expected}, got ${actual}`);
  }

  // ---------------------------------------------------------------- steps

  /** Runs one operation, classifies its outcome and checks every invariant. */
  async step(op: Operation, body: () => Promise<void>): Promise<void> {
    this.current = op;
    this.allowed = new Set();
    this.w.sender.last = undefined;
    this.escrowedBefore = this.readEscrowed();
    let refused: ModelmintProgramError | undefined;
    try {
      await body();
    } catch (e) {
      if (e instanceof InvariantError) throw e;
      if (isModelmintProgramError(e) && this.allowed.has(e.errorName)) {
        refused = e;
        const key = `${op}:${e.errorName}`;
        this.refusals[key] = (this.refusals[key] ?? 0) + 1;
      } else if (e instanceof ModelmintProgramError) {
        throw new InvariantError(`unexpected refusal of ${op}: ${e.message}\n${e.logs.join('\n')}`);
      } else if (e instanceof OtherFailure) {
        throw new InvariantError(`unexpected failure of ${op}: ${e.message}`);
      } else {
        throw e;
      }
    }
    const rec = this.lastRecord();
    if (!rec) return; // nothing sent (warp, or no candidate)
    this.check(rec.ok === !refused, () => `${op}: the outcome is the last transaction's`);
    this.checkConservation(rec);
    if (refused) {
      this.checkUnchanged(rec);
      return;
    }
    this.byOperation[op] = (this.byOperation[op] ?? 0) + 1;
    const events = parseEvents(rec.logs);
    this.applyEvents(rec, events);
    this.checkModels();
    this.checkRegistryLamports();
  }

  lastRecord(): TxRecord | undefined {
    return this.w.sender.last;
  }

  /** Refusals `op` may meet; anything else fails the run. */
  allow(...names: ModelmintErrorName[]): void {
    for (const n of names) this.allowed.add(n);
  }

  /** Trains every model once (request, claim, submit, settle) so paid paths open early. */
  async bootstrap(): Promise<number> {
    let ops = 0;
    const [oracle] = this.w.oracles;
    if (!oracle) return ops;
    const jobs: FuzzJob[] = [];
    for (const m of this.models) {
      await this.step('request_training', () => this.requestTraining(m, m.holder));
      const j = this.jobs[this.jobs.length - 1];
      if (j) jobs.push(j);
      ops++;
    }
    for (const j of jobs) {
      await this.step('claim_job', () => this.claim(j, oracle));
      await this.step('submit_result', () => this.submit(j, oracle));
      ops += 2;
    }
    warp(this.w, WINDOW + 1n);
    for (const j of jobs) {
      await this.step('settle_job', () => this.settle(j));
      ops++;
    }
    return ops;
  }

  async perform(op: Operation): Promise<void> {
    // Pauses and inactive oracles are short-lived, or most of the run would be refusals.
    if (this.paused && this.rng.chance(0.5)) return this.setPaused();
    if (this.inactive.size && this.rng.chance(0.3)) return this.setOracleActive();
    switch (op) {
      case 'create_model':
        if (this.models.length >= MAX_MODELS) return;
        return this.createModel(this.rng.pick(this.w.currencies), this.rng.chance(0.3) ? 1 : 0);
      case 'request_training':
        return this.requestTraining();
      case 'request_generation':
        return this.requestGeneration();
      case 'subscribe':
        return this.subscribe();
      case 'buy_pass':
        return this.buyPass();
      case 'close_pass':
        return this.closePass();
      case 'grant_access':
        return this.grant();
      case 'revoke_access':
        return this.revoke();
      case 'claim_job':
        return this.claim();
      case 'submit_result':
        return this.submit();
      case 'fail_job':
        return this.fail();
      case 'dispute_job':
        return this.dispute();
      case 'resolve_dispute':
        return this.resolve();
      case 'settle_job':
        return this.settle();
      case 'refund_expired':
        return this.refund();
      case 'withdraw_revenue':
        return this.withdraw();
      case 'rate_job':
        return this.rate();
      case 'update_model':
        return this.updateModel();
      case 'transfer_asset':
        return this.transferAsset();
      case 'set_paused':
        return this.setPaused();
      case 'set_oracle_active':
        return this.setOracleActive();
      case 'update_fee':
        return this.updateFee();
      case 'warp':
        warp(this.w, this.rng.pick([30n, 30n, 300n, 300n, INFERENCE_TIMEOUT + 1n, WINDOW + 1n, 31n * 86_400n]));
        return;
    }
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

  readEscrowed(): Map<Address, bigint> {
    const out = new Map<Address, bigint>();
    for (const m of this.models) {
      if (m.currency.kind !== 'sol') out.set(m.address, this.escrowedOf(m));
    }
    return out;
  }

  paidActionRefusals(): void {
    this.allow('Paused', 'ModelNotReady', 'AccessDenied', 'GrantExpired', 'PriceChanged');
  }

  // ---------------------------------------------------------------- operations

  async createModel(currency: Currency, visibility: number): Promise<void> {
    const creator = this.wallet();
    const assetMint = await keypair(this.rng);
    const passSize = this.rng.pick([0, 1, 3, 10]);
    const created = await createModel(this.w.sender, {
      creator: creator.signer,
      assetMint,
      category: this.rng.pick([Category.Caption, Category.Style, Category.Generate]),
      visibility,
      pricePerUse: this.price(),
      subscriptionPrice: this.rng.chance(0.7) ? this.price() : 0n,
      passSize,
      passPrice: passSize ? this.price() : 0n,
      cardCid: await this.cid(),
      name: `fuzz model ${this.models.length}`,
      symbol: 'FUZZ',
      uri: 'ipfs://fuzz',
      payment: payment(currency),
    });
    this.models.push({
      address: created.model,
      assetMint: created.assetMint,
      currency,
      holder: creator,
      revenue: 0n,
      rent: this.rent(this.data(created.model).length),
      vault: generated.getModelDecoder().decode(this.data(created.model)).vault,
    });
  }

  async requestTraining(target?: FuzzModel, holder?: Wallet): Promise<void> {
    const m = target ?? this.model();
    if (!m) return;
    const actor = holder ?? this.actorFor(m);
    this.allow('Paused');
    const state = this.modelAccount(m);
    const { instruction } = await requestTrainingInstruction({
      owner: actor.signer,
      model: m.address,
      assetMint: m.assetMint,
      nonce: await this.nonce(actor.signer.address),
      datasetCid: await this.cid(),
      configCid: await this.cid(),
      fee: this.rng.pick([0n, 1n, 1_000n, 5_000_001n]),
      currentVersion: state.currentVersion,
      payment: payment(m.currency),
    });
    await this.w.sender.send([instruction], actor.signer);
  }

  /** A user likely to pass the model's checks (granted, subscribed, holding a pass), sometimes anyone. */
  async userFor(m: FuzzModel, mode: number): Promise<Wallet> {
    const state = this.modelAccount(m);
    const fits: Wallet[] = [];
    for (const x of this.w.wallets) {
      const [grant] = await this.pda('grant', m.address, x.signer.address);
      if (state.visibility === Visibility.Allowlist && !this.exists(grant)) continue;
      if (mode === PaymentMode.Subscription) {
        const [sub] = await this.pda('subscription', m.address, x.signer.address);
        if (!this.exists(sub)) continue;
      }
      if (mode === PaymentMode.Pass) {
        const [pass] = await this.pda('pass', m.address, x.signer.address);
        if (!this.exists(pass)) continue;
      }
      fits.push(x);
    }
    return fits.length && this.rng.chance(0.85) ? this.rng.pick(fits) : this.wallet();
  }

  async requestGeneration(): Promise<void> {
    const m = this.model();
    if (!m) return;
    const mode = this.rng.pick([PaymentMode.PerUse, PaymentMode.PerUse, PaymentMode.Subscription, PaymentMode.Pass]);
    const user = await this.userFor(m, mode);
    const state = this.modelAccount(m);
    this.paidActionRefusals();
    this.allow('VersionUnavailable');
    if (mode === PaymentMode.Subscription) {
      this.allow('SubscriptionExpired');
      const [sub] = await this.pda('subscription', m.address, user.signer.address);
      if (!this.exists(sub)) this.allow('InvalidAccountOwner');
    }
    if (mode === PaymentMode.Pass) {
      this.allow('PassExhausted');
      const [pass] = await this.pda('pass', m.address, user.signer.address);
      if (!this.exists(pass)) this.allow('InvalidAccountOwner');
    }
    const maxPrice = this.rng.chance(0.1) && state.pricePerUse > 0n ? state.pricePerUse - 1n : state.pricePerUse;
    await requestGeneration(this.w.sender, {
      user: user.signer,
      model: m.address,
      inputCid: await this.cid(),
      mode,
      maxPrice,
      nonce: await this.nonce(user.signer.address),
    });
    const rec = this.w.sender.last;
    if (!rec?.ok) return;
    // The escrow is the price (per use), a pass unit (pass) or nothing (subscription).
    const [ev] = eventsOf(rec, 'JobRequested');
    if (!ev) throw new InvariantError('request_generation emitted no JobRequested');
    if (mode === PaymentMode.PerUse) this.eq(ev.escrow, state.pricePerUse, 'per-use escrow = price');
    if (mode === PaymentMode.Subscription) this.eq(ev.escrow, 0n, 'subscription job escrows nothing');
  }

  async subscribe(): Promise<void> {
    const m = this.model();
    if (!m) return;
    const user = await this.userFor(m, PaymentMode.PerUse);
    const months = this.rng.range(1, 3);
    const state = this.modelAccount(m);
    this.paidActionRefusals();
    this.allow('ModeNotOffered');
    const full = state.subscriptionPrice * BigInt(months);
    await subscribe(this.w.sender, {
      user: user.signer,
      model: m.address,
      months,
      maxPrice: this.rng.chance(0.1) && full > 0n ? full - 1n : full,
    });
  }

  async buyPass(): Promise<void> {
    const m = this.model();
    if (!m) return;
    const user = await this.userFor(m, PaymentMode.PerUse);
    const state = this.modelAccount(m);
    this.paidActionRefusals();
    this.allow('ModeNotOffered', 'PassActive');
    const price = state.passPrice;
    this.passes.set((await this.pda('pass', m.address, user.signer.address))[0], m.address);
    await buyPass(this.w.sender, {
      user: user.signer,
      model: m.address,
      maxPrice: this.rng.chance(0.1) && price > 0n ? price - 1n : price,
    });
  }

  async closePass(): Promise<void> {
    const m = this.model();
    if (!m) return;
    const user = this.wallet();
    const [pass] = await this.pda('pass', m.address, user.signer.address);
    if (!this.exists(pass)) this.allow('InvalidAccountOwner');
    await closePass(this.w.sender, { user: user.signer, model: m.address });
  }

  async grant(): Promise<void> {
    const m = this.model();
    if (!m) return;
    const actor = this.actorFor(m);
    const user = this.wallet();
    const expiresAt = this.rng.chance(0.6) ? 0n : now(this.w) + BigInt(this.rng.pick([60, 3_600, 86_400, 40 * 86_400]));
    const ix = await grantAccessInstruction({
      owner: actor.signer,
      model: m.address,
      assetMint: m.assetMint,
      user: user.signer.address,
      expiresAt,
    });
    await this.w.sender.send([ix], actor.signer);
  }

  async revoke(): Promise<void> {
    const m = this.model();
    if (!m) return;
    const actor = this.actorFor(m);
    const user = this.wallet();
    const [grant] = await this.pda('grant', m.address, user.signer.address);
    const [pass] = await this.pda('pass', m.address, user.signer.address);
    const refundPass = this.exists(pass) ? this.rng.chance(0.8) : this.rng.chance(0.1);
    if (!this.exists(grant) || (refundPass && !this.exists(pass))) this.allow('InvalidAccountOwner');
    const ix = await revokeAccessInstruction({
      owner: actor.signer,
      model: m.address,
      assetMint: m.assetMint,
      user: user.signer.address,
      refundPass,
      payment: payment(m.currency),
    });
    await this.w.sender.send([ix], actor.signer);
  }

  async claim(target?: FuzzJob, by?: OracleKeys): Promise<void> {
    const j = target ?? this.job([JobStatus.Open], (x) => x.deadline >= now(this.w));
    if (!j) return;
    const oracle = by ?? (this.rng.chance(0.8) ? this.w.oracles[0] : this.w.oracles[1]);
    if (!oracle) return;
    this.allow('InvalidJobStatus', 'DeadlinePassed', 'MissingCapability', 'OracleInactive');
    await claimJob(this.w.sender, { authority: oracle.authority, job: j.address });
    if (this.w.sender.last?.ok) j.oracle = oracle;
  }

  otherOracle(j: FuzzJob): OracleKeys {
    const claimer = j.oracle;
    if (claimer && this.rng.chance(0.85)) return claimer;
    this.allow('Unauthorized');
    return this.rng.pick(this.w.oracles);
  }

  async submit(target?: FuzzJob, by?: OracleKeys): Promise<void> {
    const j = target ?? this.job([JobStatus.Claimed], (x) => x.deadline >= now(this.w));
    if (!j) return;
    const oracle = by ?? this.otherOracle(j);
    this.allow('InvalidJobStatus', 'DeadlinePassed', 'MissingCapability', 'OracleInactive');
    await submitResult(this.w.sender, {
      authority: oracle.authority,
      attestationSigner: oracle.attestation,
      job: j.address,
      resultCid: await this.cid(),
    });
  }

  async fail(): Promise<void> {
    const j = this.job([JobStatus.Claimed]);
    if (!j) return;
    const oracle = this.otherOracle(j);
    this.allow('InvalidJobStatus');
    await failJob(this.w.sender, { authority: oracle.authority, job: j.address, reasonCode: this.rng.int(100) });
  }

  async dispute(): Promise<void> {
    const j = this.job([JobStatus.Delivered], (x) => x.deliveredAt + WINDOW >= now(this.w));
    if (!j) return;
    let requester = j.requester;
    if (this.rng.chance(0.1)) {
      requester = this.wallet();
      this.allow('Unauthorized');
    }
    this.allow('InvalidJobStatus', 'DisputeWindowClosed');
    await disputeJob(this.w.sender, { requester: requester.signer, job: j.address, reasonCid: await this.cid() });
  }

  async resolve(): Promise<void> {
    const j = this.job([JobStatus.Disputed]);
    if (!j) return;
    let arbiter = this.w.arbiter;
    if (this.rng.chance(0.05)) {
      arbiter = this.wallet().signer;
      this.allow('Unauthorized');
    }
    let refundBps = this.rng.pick([0, 10_000, 3_333, 5_000, this.rng.int(10_001)]);
    if (this.rng.chance(0.03)) {
      refundBps = 10_001;
      this.allow('InvalidBps');
    }
    this.allow('InvalidJobStatus');
    await resolveDispute(this.w.sender, { arbiter, job: j.address, refundBps });
  }

  async settle(target?: FuzzJob): Promise<void> {
    const j = target ?? this.job([JobStatus.Delivered]);
    if (!j) return;
    if (!target && j.deliveredAt + WINDOW >= now(this.w) && this.rng.chance(0.4)) {
      warp(this.w, j.deliveredAt + WINDOW - now(this.w) + 1n);
    }
    this.allow('InvalidJobStatus', 'DisputeWindowOpen');
    await settleJob(this.w.sender, { payer: this.wallet().signer, job: j.address });
  }

  async refund(): Promise<void> {
    const j = this.job([JobStatus.Open, JobStatus.Claimed]);
    if (!j) return;
    if (this.rng.chance(0.5)) {
      const deadline = this.jobAccount(j.address).deadline;
      const t = now(this.w);
      if (deadline >= t) warp(this.w, deadline - t + 1n);
    }
    this.allow('InvalidJobStatus', 'DeadlineNotReached');
    await refundExpired(this.w.sender, { payer: this.wallet().signer, job: j.address });
  }

  async withdraw(): Promise<void> {
    const m = this.model();
    if (!m) return;
    const actor = this.actorFor(m);
    this.allow('NothingToWithdraw');
    await withdrawRevenue(this.w.sender, { owner: actor.signer, model: m.address });
  }

  async rate(): Promise<void> {
    const j = this.job([JobStatus.Settled]);
    if (!j) return;
    let requester = j.requester;
    if (this.rng.chance(0.05)) {
      requester = this.wallet();
      this.allow('Unauthorized');
    }
    let rating = this.rng.range(1, 5);
    if (this.rng.chance(0.05)) {
      rating = this.rng.pick([0, 6]);
      this.allow('InvalidRating');
    }
    this.allow('InvalidJobStatus', 'AlreadyRated');
    await rateJob(this.w.sender, { requester: requester.signer, job: j.address, rating });
  }

  async updateModel(): Promise<void> {
    const m = this.model();
    if (!m) return;
    const actor = this.actorFor(m);
    const change = this.rng.pick(['price', 'price', 'subscription', 'pass', 'pass', 'status', 'visibility'] as const);
    const status = this.rng.pick([
      ModelStatus.Ready,
      ModelStatus.Ready,
      ModelStatus.Ready,
      ModelStatus.Paused,
      ModelStatus.Draft,
    ]);
    if (change === 'status' && status === ModelStatus.Ready) this.allow('ModelNotReady');
    const passSize = this.rng.pick([0, 1, 3, 10]);
    const ix = await updateModelInstruction({
      owner: actor.signer,
      model: m.address,
      assetMint: m.assetMint,
      pricePerUse: change === 'price' ? this.price() : undefined,
      subscriptionPrice: change === 'subscription' ? (this.rng.chance(0.8) ? this.price() : 0n) : undefined,
      passSize: change === 'pass' ? passSize : undefined,
      passPrice: change === 'pass' ? this.price() : undefined,
      status: change === 'status' ? status : undefined,
      visibility: change === 'visibility' ? this.rng.pick([Visibility.Public, Visibility.Allowlist]) : undefined,
    });
    await this.w.sender.send([ix], actor.signer);
  }

  async transferAsset(): Promise<void> {
    const m = this.model();
    if (!m) return;
    const to = this.wallet();
    if (to === m.holder) return;
    const asset: Currency = { kind: 't22', mint: m.assetMint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS, decimals: 0 };
    const source = await ataFor(m.holder.signer.address, asset);
    const destination = await ataFor(to.signer.address, asset);
    await this.w.sender.send(
      [
        getCreateAssociatedTokenIdempotentInstruction({
          payer: m.holder.signer,
          ata: destination,
          owner: to.signer.address,
          mint: m.assetMint,
          tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
        }),
        getTransferCheckedInstruction(
          { source, mint: m.assetMint, destination, authority: m.holder.signer, amount: 1n, decimals: 0 },
          { programAddress: TOKEN_2022_PROGRAM_ADDRESS },
        ),
      ],
      m.holder.signer,
    );
    m.holder = to;
  }

  async setPaused(): Promise<void> {
    const paused = this.paused ? false : this.rng.chance(0.3);
    if (paused === this.paused) return;
    await this.w.sender.send([await setPausedInstruction({ admin: this.w.admin, paused })], this.w.admin);
    this.paused = paused;
  }

  async setOracleActive(): Promise<void> {
    const oracle = this.rng.pick(this.w.oracles);
    const active = this.inactive.has(oracle.name);
    if (!active && this.rng.chance(0.7)) return;
    await this.w.sender.send(
      [await setOracleActiveInstruction({ admin: this.w.admin, authority: oracle.authority.address, active })],
      this.w.admin,
    );
    if (active) this.inactive.delete(oracle.name);
    else this.inactive.add(oracle.name);
  }

  async updateFee(): Promise<void> {
    let feeBps = this.rng.pick([0, 1, 999, 1_000, 1_500, 2_000, this.rng.int(2_001)]);
    if (this.rng.chance(0.05)) {
      feeBps = 2_001;
      this.allow('FeeTooHigh');
    }
    await this.w.sender.send([await updateConfigInstruction({ admin: this.w.admin, feeBps })], this.w.admin);
    this.feeBps = BigInt(feeBps);
  }

  // ---------------------------------------------------------------- checks

  /** (a) lamports over the transaction's accounts fall by exactly the fee; (b) tokens per mint follow supply. */
  checkConservation(rec: TxRecord): void {
    const delta = totalLamports(rec.after) - totalLamports(rec.before);
    this.eq(delta, -rec.fee, `lamports over the transaction's ${rec.keys.length} accounts change by the fee`);
    const byMint = new Map<Address, bigint>();
    const add = (s: Snapshot, sign: bigint) => {
      for (const t of s.tokens.values()) byMint.set(t.mint, (byMint.get(t.mint) ?? 0n) + sign * t.amount);
    };
    add(rec.after, 1n);
    add(rec.before, -1n);
    for (const [mint, d] of byMint) {
      const supply = (rec.after.supplies.get(mint) ?? 0n) - (rec.before.supplies.get(mint) ?? 0n);
      this.eq(d, supply, `tokens of mint ${mint} change only with its supply`);
    }
  }

  /** A refused transaction changes nothing but the fee payer's fee. */
  checkUnchanged(rec: TxRecord): void {
    for (const k of rec.keys) {
      const expected = (rec.before.lamports.get(k) ?? 0n) - (k === rec.feePayer ? rec.fee : 0n);
      this.eq(rec.after.lamports.get(k) ?? 0n, expected, `refused transaction leaves ${k}'s lamports`);
      this.eq(rec.after.tokens.get(k)?.amount ?? 0n, rec.before.tokens.get(k)?.amount ?? 0n, `refused: tokens of ${k}`);
    }
  }

  /** Lamports of `k` the transaction moved, fee excluded. */
  net(rec: TxRecord, k: Address): bigint {
    return (rec.after.lamports.get(k) ?? 0n) - (rec.before.lamports.get(k) ?? 0n) + (k === rec.feePayer ? rec.fee : 0n);
  }

  tokenDelta(rec: TxRecord, k: Address): bigint {
    return (rec.after.tokens.get(k)?.amount ?? 0n) - (rec.before.tokens.get(k)?.amount ?? 0n);
  }

  findModel(address: Address): FuzzModel {
    const m = this.models.find((x) => x.address === address);
    if (!m) throw new InvariantError(`event names unknown model ${address}`);
    return m;
  }

  findJob(address: Address): FuzzJob {
    const j = this.jobByAddress.get(address);
    if (!j) throw new InvariantError(`event names unknown job ${address}`);
    return j;
  }

  walletOf(address: Address): Wallet {
    const x = this.w.wallets.find((v) => v.signer.address === address);
    if (!x) throw new InvariantError(`unknown wallet ${address}`);
    return x;
  }

  treasuryKey(m: FuzzModel): string {
    return m.currency.mint ?? 'sol';
  }

  creditTreasury(m: FuzzModel, fee: bigint): void {
    const k = this.treasuryKey(m);
    this.treasuryIn.set(k, (this.treasuryIn.get(k) ?? 0n) + fee);
  }

  escrowedDelta(m: FuzzModel): bigint {
    return this.escrowedOf(m) - (this.escrowedBefore.get(m.address) ?? 0n);
  }

  /** Every money event checked against the job, the fee rule and the balance deltas. */
  applyEvents(rec: TxRecord, events: ModelmintEvent[]): void {
    for (const e of events) {
      switch (e.name) {
        case 'ModelCreated':
          break;
        case 'JobRequested':
          this.onRequested(rec, e.data);
          break;
        case 'JobClaimed':
          this.findJob(e.data.job).status = JobStatus.Claimed;
          this.noMoney(rec);
          break;
        case 'ResultSubmitted':
          this.findJob(e.data.job).status = JobStatus.Delivered;
          this.findJob(e.data.job).deliveredAt = e.data.deliveredAt;
          this.noMoney(rec);
          break;
        case 'JobDisputed':
          this.findJob(e.data.job).status = JobStatus.Disputed;
          this.noMoney(rec);
          break;
        case 'JobRated':
          this.noMoney(rec);
          break;
        case 'JobSettled':
          this.onFinished(rec, e.data.job, JobStatus.Settled, {
            refund: 0n,
            payee: e.data.payeeShare,
            fee: e.data.fee,
          });
          this.check(e.data.payee === this.payeeOf(this.findJob(e.data.job)), () => 'JobSettled.payee');
          break;
        case 'DisputeResolved': {
          const j = this.findJob(e.data.job);
          this.eq(e.data.refund, bps(j.escrow, BigInt(e.data.refundBps)), 'resolve: refund = floor(escrow × bps)');
          this.onFinished(rec, e.data.job, JobStatus.Settled, {
            refund: e.data.refund,
            payee: e.data.payeeShare,
            fee: e.data.fee,
          });
          break;
        }
        case 'JobExpired':
          this.onFinished(rec, e.data.job, JobStatus.Refunded, { refund: e.data.refund, payee: 0n, fee: 0n });
          break;
        case 'JobFailed':
          this.onFinished(rec, e.data.job, JobStatus.Refunded, { refund: e.data.refund, payee: 0n, fee: 0n });
          break;
        case 'Subscribed':
          this.onSubscribed(rec, e.data);
          break;
        case 'PassBought':
          this.onPassBought(rec, e.data);
          break;
        case 'PassClosed':
          this.onPassRefund(rec, e.data.model, e.data.user, e.data.refund, true);
          break;
        case 'AccessRevoked':
          this.onPassRefund(rec, e.data.model, e.data.user, e.data.passRefund, false);
          break;
        case 'RevenueWithdrawn':
          this.onWithdrawn(rec, e.data);
          break;
        case 'VersionPublished':
        case 'ModelUpdated':
        case 'AccessGranted':
        case 'ConfigUpdated':
        case 'OracleUpdated':
        case 'OracleRegistered':
        case 'VersionYanked':
          break;
      }
    }
  }

  /** Claim, submit, dispute, rate: no lamport or token moves. */
  noMoney(rec: TxRecord): void {
    for (const k of rec.keys) {
      this.eq(this.net(rec, k), 0n, `no lamports move for ${k}`);
      this.eq(this.tokenDelta(rec, k), 0n, `no tokens move for ${k}`);
    }
  }

  onRequested(rec: TxRecord, d: EventDataMap['JobRequested']): void {
    const m = this.findModel(d.model);
    const acc = this.jobAccount(d.job);
    this.eq(acc.escrow, d.escrow, 'job escrow = JobRequested.escrow');
    const job: FuzzJob = {
      address: d.job,
      requester: this.walletOf(d.requester),
      model: m,
      kind: d.kind,
      mode: d.mode,
      escrow: d.escrow,
      status: JobStatus.Open,
      deadline: d.deadline,
      deliveredAt: 0n,
    };
    this.jobs.push(job);
    this.jobByAddress.set(d.job, job);
    const jobRent = this.rent(this.data(d.job).length);
    this.eq(rec.before.lamports.get(d.job) ?? 0n, 0n, 'a new job address was empty');
    if (m.currency.kind === 'sol') {
      this.eq(rec.after.lamports.get(d.job) ?? 0n, jobRent + d.escrow, 'SOL job holds rent + escrow');
      const paid = d.mode === PaymentMode.Pass ? jobRent : jobRent + d.escrow;
      this.eq(this.net(rec, d.requester), -paid, 'requester pays rent (+ escrow unless pass)');
    } else {
      this.eq(rec.after.lamports.get(d.job) ?? 0n, jobRent, 'SPL job holds rent only');
      const fromWallet = d.mode === PaymentMode.Pass ? 0n : d.escrow;
      const userToken = [...rec.after.tokens].find(([, t]) => t.owner === d.requester && t.mint === m.currency.mint);
      if (fromWallet > 0n) {
        this.check(userToken !== undefined, () => 'SPL request names the requester token account');
        if (userToken) this.eq(this.tokenDelta(rec, userToken[0]), -fromWallet, 'requester tokens into escrow');
      }
      this.eq(this.escrowedDelta(m), fromWallet, 'model.escrowed grows by the new escrow');
    }
  }

  payeeOf(j: FuzzJob): Address | undefined {
    return j.kind === JobKind.Training ? j.oracle?.authority.address : j.model.address;
  }

  onFinished(
    rec: TxRecord,
    jobAddress: Address,
    status: number,
    o: { refund: bigint; payee: bigint; fee: bigint },
  ): void {
    const j = this.findJob(jobAddress);
    this.check(!this.finished.has(jobAddress), () => `job ${jobAddress} finished twice`);
    this.finished.add(jobAddress);
    const acc = this.jobAccount(jobAddress);
    const m = j.model;
    // (c) refund + payee share + fee = escrow, and the fee rule.
    this.eq(o.refund + o.payee + o.fee, j.escrow, 'refund + payee share + fee = escrow');
    this.eq(o.fee, bps(j.escrow - o.refund, BigInt(acc.feeBps)), 'fee = floor((escrow - refund) × fee_bps / 10 000)');
    const refunded = status === JobStatus.Refunded;
    if (refunded) this.eq(o.refund, j.escrow, 'a refund returns the whole escrow');
    this.eq(acc.status, status, 'job status after finishing');
    j.status = acc.status;
    const training = j.kind === JobKind.Training;
    const payee = this.payeeOf(j);
    const treasury = this.w.treasury.address;
    if (m.currency.kind === 'sol') {
      const jobRent = this.rent(this.data(jobAddress).length);
      this.eq(rec.after.lamports.get(jobAddress) ?? 0n, jobRent, 'finished SOL job keeps only its rent');
      this.eq(this.net(rec, jobAddress), -j.escrow, 'SOL escrow leaves the job');
      // A training settlement's payer funds the new ModelVersion account.
      const created = rec.keys.reduce(
        (n, k) => ((rec.before.lamports.get(k) ?? 0n) === 0n ? n + (rec.after.lamports.get(k) ?? 0n) : n),
        0n,
      );
      const requesterPaid = j.requester.signer.address === rec.feePayer ? created : 0n;
      this.eq(this.net(rec, j.requester.signer.address), o.refund - requesterPaid, 'requester receives the refund');
      if (o.fee > 0n || rec.keys.includes(treasury))
        this.eq(this.net(rec, treasury), o.fee, 'treasury receives the fee');
      if (!refunded && payee) this.eq(this.net(rec, payee), o.payee, 'payee receives its share');
    } else {
      const tokenOf = (owner: Address) =>
        [...rec.after.tokens].find(([, t]) => t.owner === owner && t.mint === m.currency.mint)?.[0];
      const requesterToken = tokenOf(j.requester.signer.address);
      if (o.refund > 0n) {
        this.check(requesterToken !== undefined, () => 'refund names the requester token account');
      }
      if (requesterToken) this.eq(this.tokenDelta(rec, requesterToken), o.refund, 'requester tokens refunded');
      const treasuryToken = tokenOf(treasury);
      if (treasuryToken) this.eq(this.tokenDelta(rec, treasuryToken), o.fee, 'treasury tokens = fee');
      else this.eq(o.fee, 0n, 'a fee needs the treasury token account');
      let outOfVault = o.refund + o.fee;
      if (training && payee && o.payee > 0n) {
        const payeeToken = tokenOf(payee);
        this.check(payeeToken !== undefined, () => 'training payout names the oracle token account');
        if (payeeToken) this.eq(this.tokenDelta(rec, payeeToken), o.payee, 'oracle tokens = payee share');
        outOfVault += o.payee;
      }
      const [vault] = vaultOf(rec, m);
      if (vault) this.eq(this.tokenDelta(rec, vault), -outOfVault, 'vault pays refund + fee (+ training payee)');
      this.eq(this.escrowedDelta(m), -j.escrow, 'model.escrowed releases the whole escrow');
    }
    if (!refunded) this.creditTreasury(m, o.fee);
    if (!training) m.revenue += o.payee;
  }

  onSubscribed(rec: TxRecord, d: EventDataMap['Subscribed']): void {
    const m = this.findModel(d.model);
    this.eq(d.creatorShare + d.fee, d.amount, 'subscription: creator share + fee = amount');
    this.eq(d.fee, bps(d.amount, this.feeBps), 'subscription fee = floor(amount × fee_bps)');
    const treasury = this.w.treasury.address;
    if (m.currency.kind === 'sol') {
      this.eq(this.net(rec, m.address), d.creatorShare, 'model receives the creator share');
      this.eq(this.net(rec, treasury), d.fee, 'treasury receives the fee');
    } else {
      const [vault] = vaultOf(rec, m);
      this.eq(vault ? this.tokenDelta(rec, vault) : -1n, d.creatorShare, 'vault receives the creator share');
      const t = [...rec.after.tokens].find(([, x]) => x.owner === treasury)?.[0];
      this.eq(t ? this.tokenDelta(rec, t) : -1n, d.fee, 'treasury tokens = fee');
      this.eq(this.escrowedDelta(m), 0n, 'subscriptions are never escrowed');
    }
    m.revenue += d.creatorShare;
    this.creditTreasury(m, d.fee);
  }

  onPassBought(rec: TxRecord, d: EventDataMap['PassBought']): void {
    const m = this.findModel(d.model);
    this.eq(d.unitPrice, d.uses === 0 ? 0n : d.amount / BigInt(d.uses), 'pass unit = floor(price / size)');
    if (m.currency.kind === 'sol') {
      const [pass] = [...this.passes.keys()].filter((p) => rec.keys.includes(p));
      const created = (rec.before.lamports.get(pass ?? d.user) ?? 0n) === 0n ? this.rent(PASS_SIZE) : 0n;
      this.check(pass !== undefined, () => 'buy_pass names a known pass');
      if (pass) this.eq(this.net(rec, pass), d.amount + created, 'SOL pass receives the price (+ rent when created)');
      this.eq(this.net(rec, d.user), -(d.amount + created), 'buyer pays the price (+ rent)');
    } else {
      const [vault] = vaultOf(rec, m);
      this.eq(vault ? this.tokenDelta(rec, vault) : -1n, d.amount, 'vault receives the pass price');
      this.eq(this.escrowedDelta(m), d.amount, 'pass price is escrowed');
    }
  }

  onPassRefund(rec: TxRecord, model: Address, user: Address, refund: bigint, closedByUser: boolean): void {
    const m = this.findModel(model);
    const passClosed = rec.keys.some(
      (k) => (rec.before.lamports.get(k) ?? 0n) > 0n && rec.after.lamports.get(k) === 0n && k !== user,
    );
    if (m.currency.kind === 'sol') {
      // The pass sweeps balance and rent to the user; a revoke also closes the grant to the holder.
      const closed = rec.keys.filter(
        (k) => (rec.before.lamports.get(k) ?? 0n) > 0n && rec.after.lamports.get(k) === 0n,
      );
      let fromPass = 0n;
      for (const k of closed) {
        if (this.isPassAccount(k)) fromPass = rec.before.lamports.get(k) ?? 0n;
      }
      if (fromPass > 0n) {
        const passRent = this.rent(PASS_SIZE);
        this.eq(fromPass - passRent, refund, 'pass lamports above rent = refund');
        if (user !== rec.feePayer) this.eq(this.net(rec, user), fromPass, 'user receives refund + pass rent');
      } else {
        this.eq(refund, 0n, 'no pass, no refund');
      }
    } else {
      const t = [...rec.after.tokens].find(([, x]) => x.owner === user && x.mint === m.currency.mint)?.[0];
      if (refund > 0n) this.eq(t ? this.tokenDelta(rec, t) : -1n, refund, 'user tokens = pass refund');
      this.eq(this.escrowedDelta(m), -refund, 'escrow releases the pass refund');
    }
    if (closedByUser) this.check(passClosed, () => 'close_pass closes the pass');
  }

  isPassAccount(k: Address): boolean {
    return this.passes.has(k);
  }

  /** Every pass address bought, with its model. */
  readonly passes = new Map<Address, Address>();
  private passRentValue: bigint | undefined;

  get passRent(): bigint {
    this.passRentValue ??= this.rent(PASS_SIZE);
    return this.passRentValue;
  }

  onWithdrawn(rec: TxRecord, d: EventDataMap['RevenueWithdrawn']): void {
    const m = this.findModel(d.model);
    this.eq(d.amount, m.revenue, 'withdrawal = revenue (creator shares in, minus withdrawals)');
    this.check(d.owner === m.holder.signer.address, () => 'only the asset holder withdraws');
    if (m.currency.kind === 'sol') {
      this.eq(this.net(rec, d.owner), d.amount, 'holder receives the revenue');
      this.eq(rec.after.lamports.get(m.address) ?? 0n, m.rent, 'model keeps only its rent');
    } else {
      const t = [...rec.after.tokens].find(([, x]) => x.owner === d.owner && x.mint === m.currency.mint)?.[0];
      this.eq(t ? this.tokenDelta(rec, t) : -1n, d.amount, 'holder tokens = revenue');
      const [vault] = vaultOf(rec, m);
      const after = vault ? (rec.after.tokens.get(vault)?.amount ?? -1n) : -1n;
      this.eq(after, this.escrowedOf(m), 'withdraw leaves exactly the escrow in the vault');
      this.eq(this.escrowedDelta(m), 0n, 'withdraw never takes escrow');
    }
    m.revenue = 0n;
  }

  /** Every model: revenue ledger, escrow ledger; (d) vault >= escrowed. */
  checkModels(): void {
    const openEscrow = new Map<Address, bigint>();
    for (const j of this.jobs) {
      if (j.status === JobStatus.Settled || j.status === JobStatus.Refunded) continue;
      openEscrow.set(j.model.address, (openEscrow.get(j.model.address) ?? 0n) + j.escrow);
    }
    for (const m of this.models) {
      const passBalances = this.passBalances(m);
      if (m.currency.kind === 'sol') {
        const held = (this.w.svm.getBalance(m.address) ?? 0n) - m.rent;
        this.eq(held, m.revenue, `SOL model ${m.address} holds exactly its revenue above rent`);
      } else {
        const acc = { escrowed: this.escrowedOf(m) };
        const held = this.tokenAmount(m.vault);
        this.check(held >= acc.escrowed, () => `vault ${held} >= escrowed ${acc.escrowed}`);
        this.eq(acc.escrowed, (openEscrow.get(m.address) ?? 0n) + passBalances, 'escrowed = open jobs + passes');
        this.eq(held - acc.escrowed, m.revenue, 'vault above escrow = revenue');
      }
    }
    // Treasury ledger: every fee the events report arrived, nothing else.
    const t = this.w.treasury.address;
    this.eq(
      (this.w.svm.getBalance(t) ?? 0n) - (this.treasuryStart.get('sol') ?? 0n),
      this.treasuryIn.get('sol') ?? 0n,
      'SOL treasury = fees',
    );
  }

  passBalances(m: FuzzModel): bigint {
    let sum = 0n;
    for (const [p, model] of this.passes) {
      if (model !== m.address) continue;
      const acc = this.w.svm.getAccount(p);
      if (!acc.exists || acc.data.length !== PASS_SIZE) continue;
      const balance = u64(acc.data, PASS_BALANCE_AT);
      sum += balance;
      if (m.currency.kind === 'sol') {
        this.eq(acc.lamports - this.passRent, balance, 'SOL pass holds its balance above rent');
      }
    }
    return sum;
  }

  escrowedOf(m: FuzzModel): bigint {
    return u64(this.data(m.address), MODEL_ESCROWED_AT);
  }

  /** The raw offsets agree with the SDK's decoders. */
  checkOffsets(): void {
    for (const m of this.models) {
      this.eq(this.escrowedOf(m), this.modelAccount(m).escrowed, 'Model.escrowed offset');
    }
    for (const p of this.passes.keys()) {
      const acc = this.w.svm.getAccount(p);
      if (!acc.exists) continue;
      this.eq(
        u64(acc.data, PASS_BALANCE_AT),
        generated.getPassDecoder().decode(acc.data).balance,
        'Pass.balance offset',
      );
    }
  }

  tokenAmount(account: Address): bigint {
    const acc = this.w.svm.getAccount(account);
    if (!acc.exists) return 0n;
    return new DataView(acc.data.buffer, acc.data.byteOffset).getBigUint64(64, true);
  }

  /** (a) over the whole registry, every operation. */
  checkRegistryLamports(): void {
    this.eq(
      registryLamports(this.w),
      this.w.expectedLamports - this.w.sender.fees,
      'lamports over every tracked account',
    );
  }

  /** Everything: job statuses and escrows against the chain, tokens per mint over the registry. */
  async sweep(): Promise<void> {
    this.checkRegistryLamports();
    this.checkOffsets();
    for (const j of this.jobs) {
      const acc = this.jobAccount(j.address);
      this.eq(acc.status, j.status, `job ${j.address} status follows its events`);
      this.eq(acc.escrow, j.escrow, 'job escrow unchanged');
      if (j.model.currency.kind === 'sol') {
        const open = j.status !== JobStatus.Settled && j.status !== JobStatus.Refunded;
        const held = (this.w.svm.getBalance(j.address) ?? 0n) - this.rent(this.data(j.address).length);
        this.eq(held, open ? j.escrow : 0n, 'SOL job holds its escrow until it finishes');
      }
    }
    const { sums, supplies } = registryTokens(this.w);
    for (const [mint, supply] of supplies) {
      this.eq(sums.get(mint) ?? 0n, supply, `tokens of ${mint} over every tracked account = supply`);
    }
    for (const c of this.w.currencies) {
      if (!c.mint) continue;
      const t = await ataFor(this.w.treasury.address, c);
      this.eq(this.tokenAmount(t), this.treasuryIn.get(c.mint) ?? 0n, `treasury ${c.kind} tokens = fees`);
    }
    this.checkModels();
  }
}

/** Bytes of a `Pass` account. */
const PASS_SIZE = generated.getPassSize();

/** Byte offsets read directly (decoding whole accounts dominated the run time); the sweep checks them against the decoders. */
const MODEL_ESCROWED_AT = 246;
const PASS_BALANCE_AT = 85;

function vaultOf(rec: TxRecord, m: FuzzModel): [Address | undefined] {
  const v = [...rec.after.tokens].find(([, t]) => t.owner === m.address)?.[0];
  return [v];
}

function eventsOf<N extends ModelmintEvent['name']>(rec: TxRecord, name: N): EventDataMap[N][] {
  return parseEvents(rec.logs)
    .filter((e) => e.name === name)
    .map((e) => e.data as EventDataMap[N]);
}
