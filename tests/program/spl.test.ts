// SPL payments, with a classic SPL Token mint and a Token-2022 mint of 6
// decimals: per-use escrow in the model's vault, 90/10 settlement, the
// holder's withdrawal of exactly the revenue, SPL training fees, and the
// max_price guard (SOL and SPL).
import {
  buyPass,
  claimJob,
  disputeJob,
  eventsNamed,
  failJob,
  fetchJobAccount,
  fetchModelAccount,
  JobStatus,
  PaymentMode,
  parseEvents,
  refundExpired,
  requestGeneration,
  requestTraining,
  resolveDispute,
  revokeAccessInstruction,
  settleJob,
  subscribe,
  updateModelInstruction,
  Visibility,
  withdrawRevenue,
} from '@modelmint/sdk';
import type { KeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { reportCu } from '../fixtures/cu.js';
import { cidOf, deliver, readyModel, setupMarketplace, WINDOW } from '../fixtures/marketplace.js';
import {
  ata,
  bpsOf,
  deliverAndSettle,
  escrowedOf,
  exists,
  expectProgramError,
  feeOf,
  grant,
  holding,
  newUser,
  paymentToken,
  rentOf,
  SPL_KINDS,
  TX_FEE,
  vaultOf,
} from '../fixtures/money-helpers.js';
import { fundedKeypair, lamportsOf, send, warp } from '../fixtures/svm.js';
import { tokenBalance } from '../fixtures/tokens.js';

const PRICE = 1_000_000n; // 1 token of 6 decimals
const FEE = 100_000n;
const SHARE = 900_000n;

describe.each(SPL_KINDS)('SPL payments: $label', (kind) => {
  it('escrows a per-use payment in the vault, settles 90/10 and lets the holder withdraw exactly the revenue', async () => {
    const m = await setupMarketplace();
    const token = await paymentToken(m, kind.tokenProgram);
    const t = await readyModel(m, { token, pricePerUse: PRICE });
    const vault = await vaultOf(t.model);
    const user = await newUser(m, token, 10_000_000n);
    const userAta = await ata(token, user.address);
    const treasuryAta = await ata(token, m.treasury.address);
    // Training settled: the vault holds nothing and owes nothing.
    expect(tokenBalance(m.svm, vault)).toBe(0n);
    expect(await escrowedOf(m, t.model)).toBe(0n);

    const solBefore = lamportsOf(m.svm, user.address);
    const first = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('a cat') });
    reportCu(`request_generation${kind.suffix}`, first.computeUnits ?? 0n);
    expect(tokenBalance(m.svm, userAta)).toBe(10_000_000n - PRICE);
    expect(tokenBalance(m.svm, vault)).toBe(PRICE);
    expect(await escrowedOf(m, t.model)).toBe(PRICE);
    // Only the job's rent and the fee are paid in SOL: the job holds no escrow lamports.
    expect(lamportsOf(m.svm, first.job)).toBe(rentOf(m, first.job));
    expect(solBefore - lamportsOf(m.svm, user.address)).toBe(rentOf(m, first.job) + TX_FEE);
    const requested = eventsNamed(parseEvents(first.logs), 'JobRequested');
    expect(requested).toHaveLength(1);
    expect(requested[0]?.escrow).toBe(PRICE);
    expect(requested[0]?.paymentMint).toBe(token.mint);
    const job = await fetchJobAccount(m.sender, first.job);
    expect(job.escrow).toBe(PRICE);
    expect(job.paymentMint).toBe(token.mint);

    // A second job stays open: its escrow is owed and must not be withdrawable.
    const second = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('a dog') });
    expect(tokenBalance(m.svm, vault)).toBe(2n * PRICE);
    expect(await escrowedOf(m, t.model)).toBe(2n * PRICE);
    // Claimed now, before the deadline; it fails after the first job settles.
    await claimJob(m.sender, { authority: m.oracle.authority, job: second.job });

    const treasuryBefore = tokenBalance(m.svm, treasuryAta);
    const settled = await deliverAndSettle(m, first.job);
    reportCu(`settle_job${kind.suffix}`, settled.cu);
    expect(tokenBalance(m.svm, treasuryAta) - treasuryBefore).toBe(FEE);
    expect(tokenBalance(m.svm, vault)).toBe(2n * PRICE - FEE);
    expect(await escrowedOf(m, t.model)).toBe(PRICE);
    const settledEvents = eventsNamed(parseEvents(settled.logs), 'JobSettled');
    expect(settledEvents).toEqual([
      expect.objectContaining({ job: first.job, model: t.model, payeeShare: SHARE, fee: FEE, paymentMint: token.mint }),
    ]);
    const model = await fetchModelAccount(m.sender, t.model);
    expect(model.uses).toBe(1n);
    expect(model.grossRevenue).toBe(PRICE);

    const creatorAta = await ata(token, t.creator.address);
    const creatorBefore = tokenBalance(m.svm, creatorAta);
    const withdrawn = await withdrawRevenue(m.sender, { owner: t.creator, model: t.model });
    reportCu(`withdraw_revenue${kind.suffix}`, withdrawn.computeUnits ?? 0n);
    expect(tokenBalance(m.svm, creatorAta) - creatorBefore).toBe(SHARE);
    expect(tokenBalance(m.svm, vault)).toBe(PRICE);
    expect(eventsNamed(parseEvents(withdrawn.logs), 'RevenueWithdrawn')).toEqual([
      { model: t.model, owner: t.creator.address, amount: SHARE, paymentMint: token.mint },
    ]);
    // What is left is the open job's escrow: nothing more to withdraw.
    await expectProgramError(withdrawRevenue(m.sender, { owner: t.creator, model: t.model }), 'NothingToWithdraw');

    // The open job fails: its escrow goes back in full and the vault is empty.
    await failJob(m.sender, { authority: m.oracle.authority, job: second.job, reasonCode: 1 });
    expect(tokenBalance(m.svm, userAta)).toBe(10_000_000n - PRICE);
    expect(tokenBalance(m.svm, vault)).toBe(0n);
    expect(await escrowedOf(m, t.model)).toBe(0n);
  });

  it('accumulates revenue over several settled jobs and withdraws it in one payment', async () => {
    const m = await setupMarketplace();
    const token = await paymentToken(m, kind.tokenProgram);
    // 1_234_567 units: fee ceil(123_456.7) = 123_457, share 1_111_110.
    const price = 1_234_567n;
    const t = await readyModel(m, { token, pricePerUse: price });
    const users = [await newUser(m, token), await newUser(m, token)];
    const jobs = [];
    for (const user of users) {
      jobs.push((await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x') })).job);
    }
    for (const job of jobs) await deliver(m, job);
    warp(m.svm, WINDOW + 1n);
    const treasuryAta = await ata(token, m.treasury.address);
    const treasuryBefore = tokenBalance(m.svm, treasuryAta);
    for (const job of jobs) await settleJob(m.sender, { payer: users[0] ?? t.creator, job });
    expect(tokenBalance(m.svm, treasuryAta) - treasuryBefore).toBe(2n * 123_457n);
    const creatorAta = await ata(token, t.creator.address);
    const before = tokenBalance(m.svm, creatorAta);
    await withdrawRevenue(m.sender, { owner: t.creator, model: t.model });
    expect(tokenBalance(m.svm, creatorAta) - before).toBe(2n * 1_111_110n);
    expect(tokenBalance(m.svm, await vaultOf(t.model))).toBe(0n);
    expect((await fetchModelAccount(m.sender, t.model)).grossRevenue).toBe(2n * price);
  });

  it('escrows an SPL training fee and pays the oracle 90% and the treasury 10% on settlement', async () => {
    const m = await setupMarketplace();
    const token = await paymentToken(m, kind.tokenProgram);
    const t = await readyModel(m, { token });
    const vault = await vaultOf(t.model);
    const creatorAta = await ata(token, t.creator.address);
    const oracleAta = await ata(token, m.oracle.authority.address);
    const treasuryAta = await ata(token, m.treasury.address);
    const creatorBefore = tokenBalance(m.svm, creatorAta);
    const oracleBefore = tokenBalance(m.svm, oracleAta);
    const treasuryBefore = tokenBalance(m.svm, treasuryAta);
    const fee = 7_777_777n; // platform fee ceil(777_777.7) = 777_778
    const req = await requestTraining(m.sender, {
      owner: t.creator,
      model: t.model,
      datasetCid: await cidOf('dataset 2'),
      configCid: await cidOf('config 2'),
      fee,
    });
    reportCu(`request_training${kind.suffix}`, req.computeUnits ?? 0n);
    expect(creatorBefore - tokenBalance(m.svm, creatorAta)).toBe(fee);
    expect(tokenBalance(m.svm, vault)).toBe(fee);
    expect(await escrowedOf(m, t.model)).toBe(fee);
    await deliver(m, req.job, 'weights v2');
    warp(m.svm, WINDOW + 1n);
    const sent = await settleJob(m.sender, { payer: t.creator, job: req.job });
    reportCu(`settle_job_training${kind.suffix}`, sent.computeUnits ?? 0n);
    expect(tokenBalance(m.svm, oracleAta) - oracleBefore).toBe(fee - 777_778n);
    expect(tokenBalance(m.svm, treasuryAta) - treasuryBefore).toBe(777_778n);
    expect(tokenBalance(m.svm, vault)).toBe(0n);
    expect(await escrowedOf(m, t.model)).toBe(0n);
    expect((await fetchModelAccount(m.sender, t.model)).currentVersion).toBe(2);
  });

  it('refuses a per-use request when the price was raised after quoting (PriceChanged); nothing moves', async () => {
    const m = await setupMarketplace();
    const token = await paymentToken(m, kind.tokenProgram);
    const t = await readyModel(m, { token, pricePerUse: PRICE });
    const user = await newUser(m, token, 10_000_000n);
    const quoted = (await fetchModelAccount(m.sender, t.model)).pricePerUse;
    await send(m.svm, t.creator, [
      await updateModelInstruction({
        owner: t.creator,
        model: t.model,
        assetMint: t.assetMint,
        pricePerUse: 2n * PRICE,
      }),
    ]);
    const vault = await vaultOf(t.model);
    const solBefore = lamportsOf(m.svm, user.address);
    const failed = requestGeneration(m.sender, {
      user,
      model: t.model,
      inputCid: await cidOf('x'),
      maxPrice: quoted,
      nonce: 7n,
    });
    await expectProgramError(failed, 'PriceChanged');
    expect(await holding(m, user.address, token)).toBe(10_000_000n);
    expect(tokenBalance(m.svm, vault)).toBe(0n);
    expect(await escrowedOf(m, t.model)).toBe(0n);
    expect(lamportsOf(m.svm, user.address)).toBe(solBefore - TX_FEE);
    // Accepting the new price works and escrows it.
    const ok = await requestGeneration(m.sender, {
      user,
      model: t.model,
      inputCid: await cidOf('x'),
      maxPrice: 2n * PRICE,
    });
    expect((await fetchJobAccount(m.sender, ok.job)).escrow).toBe(2n * PRICE);
    expect(tokenBalance(m.svm, vault)).toBe(2n * PRICE);
  });

  it('settles a job only once and never moves escrow on a refused settlement', async () => {
    const m = await setupMarketplace();
    const token = await paymentToken(m, kind.tokenProgram);
    const t = await readyModel(m, { token, pricePerUse: PRICE });
    const user = await newUser(m, token);
    const { job } = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x') });
    await deliver(m, job);
    const vault = await vaultOf(t.model);
    const cranker = await fundedKeypair(m.svm);
    await expectProgramError(settleJob(m.sender, { payer: cranker, job }), 'DisputeWindowOpen');
    expect(tokenBalance(m.svm, vault)).toBe(PRICE);
    warp(m.svm, WINDOW + 1n);
    await settleJob(m.sender, { payer: cranker, job });
    const afterFirst = tokenBalance(m.svm, vault);
    await expectProgramError(settleJob(m.sender, { payer: cranker, job }), 'InvalidJobStatus');
    expect(tokenBalance(m.svm, vault)).toBe(afterFirst);
    expect((await fetchJobAccount(m.sender, job)).status).toBe(JobStatus.Settled);
  });
});

describe('max_price (SOL)', () => {
  it('refuses a per-use request when the price was raised after quoting; nothing moves', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: PRICE });
    const user = await fundedKeypair(m.svm);
    await send(m.svm, t.creator, [
      await updateModelInstruction({
        owner: t.creator,
        model: t.model,
        assetMint: t.assetMint,
        pricePerUse: PRICE + 1n,
      }),
    ]);
    const before = lamportsOf(m.svm, user.address);
    const modelBefore = lamportsOf(m.svm, t.model);
    await expectProgramError(
      requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x'), maxPrice: PRICE, nonce: 1n }),
      'PriceChanged',
    );
    expect(lamportsOf(m.svm, user.address)).toBe(before - TX_FEE);
    expect(lamportsOf(m.svm, t.model)).toBe(modelBefore);
    // A lower price than quoted is fine: the user pays the lower price.
    await send(m.svm, t.creator, [
      await updateModelInstruction({
        owner: t.creator,
        model: t.model,
        assetMint: t.assetMint,
        pricePerUse: PRICE - 1n,
      }),
    ]);
    const ok = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x'), maxPrice: PRICE });
    expect(lamportsOf(m.svm, ok.job) - rentOf(m, ok.job)).toBe(PRICE - 1n);
    expect(exists(m, ok.job)).toBe(true);
  });
});

describe.each(SPL_KINDS)('SPL conservation: $label', (kind) => {
  it('across per-use, subscription, pass, fail, expiry, dispute, close and revoke, every token unit is accounted for', async () => {
    const m = await setupMarketplace();
    const token = await paymentToken(m, kind.tokenProgram);
    const t = await readyModel(m, {
      token,
      visibility: Visibility.Allowlist,
      pricePerUse: 1_000_001n,
      subscriptionPrice: 777_777n,
      passSize: 4,
      passPrice: 999_999n,
    });
    const vault = await vaultOf(t.model);
    const users = [await newUser(m, token, 50_000_000n), await newUser(m, token, 50_000_000n)];
    const [a, b] = users as [KeyPairSigner, KeyPairSigner];
    for (const u of users) await grant(m, t, u.address);
    const holders = [a.address, b.address, t.creator.address, m.treasury.address, m.oracle.authority.address];
    const total = async () => {
      let sum = tokenBalance(m.svm, vault);
      for (const h of holders) sum += tokenBalance(m.svm, await ata(token, h));
      return sum;
    };
    const supply = await total();
    /** The vault always holds the escrow owed plus the holder's revenue, never less. */
    const check = async (revenue: bigint) => {
      expect(await total()).toBe(supply);
      expect(tokenBalance(m.svm, vault)).toBe((await escrowedOf(m, t.model)) + revenue);
    };
    const fee = (x: bigint) => feeOf(x, 1_000n);
    let revenue = 0n;

    await subscribe(m.sender, { user: a, model: t.model, months: 2 });
    revenue += 2n * 777_777n - fee(2n * 777_777n);
    await check(revenue);
    await buyPass(m.sender, { user: b, model: t.model });
    await check(revenue);

    const perUse = async (u: KeyPairSigner, input: string) =>
      (await requestGeneration(m.sender, { user: u, model: t.model, inputCid: await cidOf(input) })).job;
    const passUse = async (input: string) =>
      (
        await requestGeneration(m.sender, {
          user: b,
          model: t.model,
          inputCid: await cidOf(input),
          mode: PaymentMode.Pass,
        })
      ).job;
    const subUse = async (input: string) =>
      (
        await requestGeneration(m.sender, {
          user: a,
          model: t.model,
          inputCid: await cidOf(input),
          mode: PaymentMode.Subscription,
        })
      ).job;

    const settled = await perUse(a, 'settled');
    const disputed = await perUse(b, 'disputed');
    const failed = await perUse(a, 'failed');
    const expired = await perUse(b, 'expired');
    const passSettled = await passUse('pass settled');
    const passDisputed = await passUse('pass disputed');
    const subSettled = await subUse('sub settled');
    await check(revenue);

    for (const j of [settled, disputed, passSettled, passDisputed, subSettled]) await deliver(m, j);
    await claimJob(m.sender, { authority: m.oracle.authority, job: failed });
    await failJob(m.sender, { authority: m.oracle.authority, job: failed, reasonCode: 3 });
    await check(revenue);
    await disputeJob(m.sender, { requester: b, job: disputed, reasonCid: await cidOf('no') });
    await disputeJob(m.sender, { requester: b, job: passDisputed, reasonCid: await cidOf('no') });
    warp(m.svm, WINDOW + 1n);
    await refundExpired(m.sender, { payer: m.admin, job: expired });
    await check(revenue);
    for (const j of [settled, passSettled, subSettled]) await settleJob(m.sender, { payer: m.admin, job: j });
    // The pass holds floor(999_999 × left / 4): its first two uses release 250_000 each.
    revenue += 1_000_001n - fee(1_000_001n) + (250_000n - fee(250_000n));
    await check(revenue);
    await resolveDispute(m.sender, { arbiter: m.arbiter, job: disputed, refundBps: 2_500 });
    const rest = 1_000_001n - bpsOf(1_000_001n, 2_500n);
    revenue += rest - fee(rest);
    await check(revenue);
    await resolveDispute(m.sender, { arbiter: m.arbiter, job: passDisputed, refundBps: 10_000 });
    await check(revenue);

    const creatorAta = await ata(token, t.creator.address);
    const before = tokenBalance(m.svm, creatorAta);
    await withdrawRevenue(m.sender, { owner: t.creator, model: t.model });
    expect(tokenBalance(m.svm, creatorAta) - before).toBe(revenue);
    revenue = 0n;
    await check(revenue);
    // What is left is b's pass: two uses, floor(999_999 × 2 / 4).
    expect(await escrowedOf(m, t.model)).toBe(499_999n);
    await send(m.svm, t.creator, [
      await revokeAccessInstruction({
        owner: t.creator,
        model: t.model,
        assetMint: t.assetMint,
        user: b.address,
        refundPass: true,
        payment: { mint: token.mint, tokenProgram: token.tokenProgram },
      }),
    ]);
    await check(0n);
    expect(tokenBalance(m.svm, vault)).toBe(0n);
    expect(await escrowedOf(m, t.model)).toBe(0n);
  });
});
