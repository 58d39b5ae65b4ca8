// The conservation fuzz driver: random user operations across wallets,
// models and currencies (SOL, classic SPL Token, Token-2022), with the money
// invariants of DESIGN.md checked after every operation:
//  (a) lamports over every tracked account change only by the fees paid;
//  (b) tokens over every token account are unchanged (per mint, changes
//      equal the mint's supply change: only the asset mint at creation);
//  (c) every finished job: refund + payee share + fee = escrow, by the
//      events and by the balance deltas, exactly once;
//  (d) SPL models: vault >= model.escrowed, escrowed equals the open jobs'
//      and passes' escrow, and withdrawals take exactly the revenue;
//  (e) the issue-15 rules: fees rounded up and accrued in the fee vault until
//      withdraw_fees, pass uses release exact shares, subscription refunds
//      (revoke_access, cancel_subscription) pro rata from revenue, disputes
//      refundable after resolve_by, no model left training without a job.
// This file: the operations and the step loop. The tracked state and its lookups are in
// state.ts, the invariants and the event bookkeeping in checks.ts.
import {
  buyPass,
  Category,
  cancelSubscription,
  claimJob,
  closePass,
  createModel,
  disputeJob,
  failJob,
  fetchSubscriptionAccount,
  findFeeVaultAddress,
  generated,
  grantAccessInstruction,
  isModelmintProgramError,
  JobStatus,
  ModelmintProgramError,
  ModelStatus,
  PaymentMode,
  parseEvents,
  rateJob,
  refundExpired,
  requestGeneration,
  requestTrainingInstruction,
  resolveDispute,
  revokeAccess,
  revokeAccessInstruction,
  setOracleActiveInstruction,
  setPausedInstruction,
  setTrustedMint,
  settleJob,
  submitResult,
  subscribe,
  TOKEN_2022_PROGRAM_ADDRESS,
  unusedSubscriptionValue,
  updateConfigInstruction,
  updateModelInstruction,
  Visibility,
  withdrawFees,
  withdrawRevenue,
} from '@modelmint/sdk';
import { getCreateAssociatedTokenIdempotentInstruction, getTransferCheckedInstruction } from '@solana-program/token';
import { CheckedState, eventsOf } from './checks.js';
import { OtherFailure } from './ledger-sender.js';
import { Prng } from './prng.js';
import { type FuzzJob, type FuzzModel, type FuzzOptions, type FuzzReport, InvariantError, payment } from './state.js';
import {
  ataFor,
  type Currency,
  createWorld,
  INFERENCE_TIMEOUT,
  keypair,
  now,
  type OracleKeys,
  type Wallet,
  WINDOW,
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
  'cancel_subscription',
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
  'withdraw_fees',
  'rate_job',
  'update_model',
  'transfer_asset',
  'set_paused',
  'set_oracle_active',
  'set_trusted_mint',
  'update_fee',
  'warp',
] as const;
export type Operation = (typeof OPERATIONS)[number];

const MAX_MODELS = 12;

const WEIGHTS: Record<Operation, number> = {
  create_model: 1,
  request_training: 4,
  request_generation: 24,
  subscribe: 5,
  buy_pass: 5,
  close_pass: 2,
  cancel_subscription: 2,
  grant_access: 4,
  revoke_access: 3,
  claim_job: 14,
  submit_result: 12,
  fail_job: 3,
  dispute_job: 4,
  resolve_dispute: 4,
  settle_job: 9,
  refund_expired: 4,
  withdraw_revenue: 4,
  withdraw_fees: 2,
  rate_job: 4,
  update_model: 3,
  transfer_asset: 1,
  set_paused: 1,
  set_oracle_active: 1,
  set_trusted_mint: 1,
  update_fee: 1,
  warp: 4,
};

/** Runs `ops` random operations and checks every invariant after each; never throws on a finding. */
export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const rng = new Prng(o.seed);
  const w = await createWorld(rng);
  const d = new Driver(w, o);
  d.feeVault = (await findFeeVaultAddress())[0];
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
    report.ops += await d.hardeningPaths();
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

class Driver extends CheckedState {
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

  /**
   * The issue-15 paths once each, whatever the seed, on a SOL and an SPL
   * model: a subscription revoked after the holder withdrew its revenue (the
   * action tops it up), one cancelled while the model is paused, a dispute
   * refunded after its resolve_by, a pass bought below the size quoted
   * (refused) then bought and closed, a training dispute resolved (its model
   * back to draft), the SOL fees withdrawn, a model refused in a freezable
   * mint the config stopped trusting, and an oracle switched off and on.
   */
  async hardeningPaths(): Promise<number> {
    let ops = 0;
    const run = async (op: Operation, body: () => Promise<void>) => {
      await this.step(op, body);
      ops++;
    };
    const [oracle] = this.w.oracles;
    const [a, b] = this.w.wallets;
    if (!oracle || !a || !b) return ops;
    for (const kind of ['sol', 'spl'] as const) {
      const m = this.models.find((x) => x.currency.kind === kind && this.modelAccount(x).visibility === 0);
      if (!m) continue;
      const holder = m.holder.signer;
      const update = (status: number) =>
        run('update_model', async () => {
          const ix = await updateModelInstruction({
            owner: holder,
            model: m.address,
            assetMint: m.assetMint,
            subscriptionPrice: 1_000_003n,
            passSize: 3,
            passPrice: 3_001n,
            status,
          });
          await this.w.sender.send([ix], holder);
        });
      const subscribeAs = (user: Wallet) =>
        run('subscribe', async () => {
          this.expectedCarriedValue = 0n;
          await subscribe(this.w.sender, { user: user.signer, model: m.address, months: 2 });
        });
      await update(ModelStatus.Ready);
      await subscribeAs(a);
      await run('withdraw_revenue', () => withdrawRevenue(this.w.sender, { owner: holder, model: m.address }).then());
      warp(this.w, 86_400n);
      await run('revoke_access', async () => {
        const sub = await fetchSubscriptionAccount(this.w.sender, { model: m.address, user: a.signer.address });
        this.expectedSubscriptionRefund = sub ? unusedSubscriptionValue(sub, now(this.w)) : undefined;
        await revokeAccess(this.w.sender, { owner: holder, model: m.address, user: a.signer.address });
      });
      await subscribeAs(b);
      await update(ModelStatus.Paused);
      // Past half of the two months, so the revenue covers the refund.
      warp(this.w, 31n * 86_400n);
      await run('cancel_subscription', () => this.cancelSubscription(m, b));
      await update(ModelStatus.Ready);
      // A pass: refused when quoted with more uses than sold, then bought, used once, closed.
      const [pass] = await this.pda('pass', m.address, b.signer.address);
      this.passes.set(pass, m.address);
      await run('buy_pass', async () => {
        this.allow('PassSizeChanged');
        await buyPass(this.w.sender, { user: b.signer, model: m.address, minUses: 4 });
      });
      await run('buy_pass', () => buyPass(this.w.sender, { user: b.signer, model: m.address }).then());
      await run('close_pass', () => closePass(this.w.sender, { user: b.signer, model: m.address }).then());
      // A dispute the arbiter leaves past its resolve_by is refunded in full by anyone.
      await run('request_generation', async () => {
        await requestGeneration(this.w.sender, {
          user: a.signer,
          model: m.address,
          inputCid: await this.cid(),
          nonce: await this.nonce(a.signer.address),
        });
      });
      const j = this.jobs[this.jobs.length - 1];
      if (!j) continue;
      await run('claim_job', () => this.claim(j, oracle));
      await run('submit_result', () => this.submit(j, oracle));
      await run('dispute_job', async () => {
        await disputeJob(this.w.sender, { requester: a.signer, job: j.address, reasonCid: await this.cid() });
      });
      warp(this.w, j.resolveBy - now(this.w) + 1n);
      await run('refund_expired', () => refundExpired(this.w.sender, { payer: b.signer, job: j.address }).then());
    }
    // A training dispute: the model returns to draft (checkModels holds it to an open training job).
    if (this.models.length < MAX_MODELS) {
      await run('create_model', () => this.createModel(this.w.currencies[0] as Currency, Visibility.Public));
      const m = this.models[this.models.length - 1];
      if (m) {
        await run('request_training', () => this.requestTraining(m, m.holder));
        const j = this.jobs[this.jobs.length - 1];
        if (j && this.modelAccount(m).status === ModelStatus.Training) {
          await run('claim_job', () => this.claim(j, oracle));
          await run('submit_result', () => this.submit(j, oracle));
          await run('dispute_job', async () => {
            await disputeJob(this.w.sender, {
              requester: m.holder.signer,
              job: j.address,
              reasonCid: await this.cid(),
            });
          });
          await run('resolve_dispute', () =>
            resolveDispute(this.w.sender, { arbiter: this.w.arbiter, job: j.address, refundBps: 2_500 }).then(),
          );
        }
      }
    }
    await run('withdraw_fees', () => this.withdrawFees());
    // The freezable currency untrusted: a model in it is refused (UntrustedMint); trusted again.
    const freezable = this.w.currencies.find((x) => x.freezable);
    if (freezable?.mint) {
      const mint = freezable.mint;
      await run('set_trusted_mint', async () => {
        await setTrustedMint(this.w.sender, { admin: this.w.admin, mint, trusted: false });
        this.untrusted.add(mint);
      });
      await run('create_model', () => this.createModel(freezable, Visibility.Public));
      await run('set_trusted_mint', async () => {
        await setTrustedMint(this.w.sender, { admin: this.w.admin, mint, trusted: true });
        this.untrusted.delete(mint);
      });
    }
    // An oracle switched off and on again (the indexer's tests need every event at least once).
    const spare = this.w.oracles[1];
    if (spare) {
      for (const active of [false, true]) {
        await run('set_oracle_active', async () => {
          const ix = await setOracleActiveInstruction({
            admin: this.w.admin,
            authority: spare.authority.address,
            active,
          });
          await this.w.sender.send([ix], this.w.admin);
        });
      }
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
      case 'cancel_subscription':
        return this.cancelSubscription();
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
      case 'withdraw_fees':
        return this.withdrawFees();
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
      case 'set_trusted_mint':
        return this.setTrustedMint();
      case 'update_fee':
        return this.updateFee();
      case 'warp':
        warp(
          this.w,
          this.rng.pick([30n, 30n, 300n, 300n, INFERENCE_TIMEOUT + 1n, WINDOW + 1n, 15n * 86_400n, 31n * 86_400n]),
        );
        return;
    }
  }

  paidActionRefusals(): void {
    this.allow('Paused', 'ModelNotReady', 'AccessDenied', 'GrantExpired', 'PriceChanged');
  }

  // ---------------------------------------------------------------- operations

  async createModel(currency: Currency, visibility: number): Promise<void> {
    const creator = this.wallet();
    // A mint with a freeze authority is refused while the config does not trust it.
    if (currency.freezable && this.untrusted.has(currency.mint ?? '')) this.allow('UntrustedMint');
    const assetMint = await keypair(this.rng);
    const passSize = this.rng.pick([0, 1, 3, 10]);
    const passPrice = this.passPrice(passSize);
    const created = await createModel(this.w.sender, {
      creator: creator.signer,
      assetMint,
      category: this.rng.pick([Category.Caption, Category.Style, Category.Generate]),
      visibility,
      pricePerUse: this.price(),
      subscriptionPrice: this.rng.chance(0.7) ? this.price() : 0n,
      passSize,
      passPrice,
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

  /** A pass price for `size` uses: mostly at least one unit a use, sometimes below (refused: InvalidPassTerms). */
  passPrice(size: number): bigint {
    if (!size) return 0n;
    const price = this.price();
    if (price >= BigInt(size) || this.rng.chance(0.15)) {
      if (price < BigInt(size)) this.allow('InvalidPassTerms');
      return price;
    }
    return BigInt(size) * this.rng.pick([1n, 7n, 1_000n]) + this.rng.pick([0n, 1n, BigInt(size - 1)]);
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
    const current = await fetchSubscriptionAccount(this.w.sender, { model: m.address, user: user.signer.address });
    this.expectedCarriedValue = current ? unusedSubscriptionValue(current, now(this.w)) : 0n;
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
    let minUses = state.passSize;
    if (this.rng.chance(0.1)) {
      // The buyer expected one use more than the model now sells.
      minUses += 1;
      this.allow('PassSizeChanged');
    }
    await buyPass(this.w.sender, {
      user: user.signer,
      model: m.address,
      maxPrice: this.rng.chance(0.1) && price > 0n ? price - 1n : price,
      minUses,
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
    const [pass] = await this.pda('pass', m.address, user.signer.address);
    const sub = await fetchSubscriptionAccount(this.w.sender, { model: m.address, user: user.signer.address });
    this.expectedSubscriptionRefund = sub ? unusedSubscriptionValue(sub, now(this.w)) : undefined;
    if (this.rng.chance(0.5)) {
      // The SDK action: refunds whatever exists and tops a short revenue up from the holder.
      await revokeAccess(this.w.sender, { owner: actor.signer, model: m.address, user: user.signer.address });
      return;
    }
    // A wallet without a grant is revoked too (its pass and subscription refunded).
    const refundPass = this.exists(pass) ? this.rng.chance(0.8) : this.rng.chance(0.1);
    if (refundPass && !this.exists(pass)) this.allow('InvalidAccountOwner');
    const refundSubscription = this.rng.chance(0.7);
    if (refundSubscription && sub) this.allow('InsufficientRevenue');
    const ix = await revokeAccessInstruction({
      owner: actor.signer,
      model: m.address,
      assetMint: m.assetMint,
      user: user.signer.address,
      refundPass,
      refundSubscription,
      payment: payment(m.currency),
    });
    await this.w.sender.send([ix], actor.signer);
  }

  /** A subscriber of a model that is not ready (paused) cancels; refused while it is ready. */
  async cancelSubscription(target?: FuzzModel, subscriber?: Wallet): Promise<void> {
    const m = target ?? this.model();
    if (!m) return;
    const user = subscriber ?? (await this.userFor(m, PaymentMode.Subscription));
    const sub = await fetchSubscriptionAccount(this.w.sender, { model: m.address, user: user.signer.address });
    if (!sub) this.allow('InvalidAccountOwner');
    this.expectedSubscriptionRefund = sub ? unusedSubscriptionValue(sub, now(this.w)) : undefined;
    this.allow('ModelStillReady', 'InsufficientRevenue');
    await cancelSubscription(this.w.sender, { user: user.signer, model: m.address });
  }

  /** The treasury (sometimes another wallet: Unauthorized) withdraws the SOL fees. */
  async withdrawFees(): Promise<void> {
    let treasury = this.w.treasury;
    if (this.rng.chance(0.05)) {
      treasury = this.wallet().signer;
      this.allow('Unauthorized');
    }
    this.allow('NothingToWithdraw');
    await withdrawFees(this.w.sender, { treasury });
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
    if (j.status === JobStatus.Disputed && now(this.w) > j.resolveBy) this.allow('DeadlinePassed');
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
    const j = this.job([JobStatus.Open, JobStatus.Claimed, JobStatus.Disputed]);
    if (!j) return;
    if (this.rng.chance(0.5)) {
      // A dispute's deadline is its resolve_by.
      const acc = this.jobAccount(j.address);
      const deadline = acc.status === JobStatus.Disputed ? acc.resolveBy : acc.deadline;
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
    const passPrice = change === 'pass' ? this.passPrice(passSize) : 0n;
    const ix = await updateModelInstruction({
      owner: actor.signer,
      model: m.address,
      assetMint: m.assetMint,
      pricePerUse: change === 'price' ? this.price() : undefined,
      subscriptionPrice: change === 'subscription' ? (this.rng.chance(0.8) ? this.price() : 0n) : undefined,
      passSize: change === 'pass' ? passSize : undefined,
      passPrice: change === 'pass' ? passPrice : undefined,
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

  /** The admin stops or starts trusting the freezable currency (mostly trusted, so its models keep coming). */
  async setTrustedMint(): Promise<void> {
    const c = this.w.currencies.find((x) => x.freezable);
    if (!c?.mint) return;
    const trusted = this.untrusted.has(c.mint) ? true : this.rng.chance(0.3) ? false : undefined;
    if (trusted === undefined) return;
    await setTrustedMint(this.w.sender, { admin: this.w.admin, mint: c.mint, trusted });
    if (trusted) this.untrusted.delete(c.mint);
    else this.untrusted.add(c.mint);
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
}
