// Platform settings changed while jobs are in flight, a model paused by its holder, and
// payout destinations checked.
import {
  buyPass,
  claimJob,
  closePass,
  disputeJob,
  failJob,
  fetchJobAccount,
  findConfigAddress,
  findFeeVaultAddress,
  findOracleAddress,
  generated,
  JobStatus,
  jobPayoutParams,
  ModelStatus,
  PaymentMode,
  PROGRAM_ADDRESS,
  refundExpired,
  refundExpiredInstruction,
  requestGeneration,
  setPausedInstruction,
  settleJob,
  settleJobInstruction,
  subscribe,
  updateConfigInstruction,
  withdrawRevenue,
} from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { PRICE, request, solCtx, splCtx } from '../../fixtures/job-context.js';
import { cidOf, deliver, readyModel, setStatus, setupMarketplace, WINDOW } from '../../fixtures/marketplace.js';
import {
  ata,
  deliverAndSettle,
  escrowedOf,
  expectProgramError,
  feeOf,
  feesHeld,
  newUser,
  SPL_KINDS,
  TX_FEE,
  vaultOf,
} from '../../fixtures/money-helpers.js';
import { fundedKeypair, lamportsOf, send, warp } from '../../fixtures/svm.js';
import { tokenBalance } from '../../fixtures/tokens.js';

describe('platform settings in flight', () => {
  it('a job settles at the fee it was requested under, not a fee changed later', async () => {
    const c = await solCtx();
    const req = await request(c);
    await deliver(c.m, req.job);
    await send(c.m.svm, c.m.admin, [await updateConfigInstruction({ admin: c.m.admin, feeBps: 2_000 })]);
    const feesBefore = await feesHeld(c.m);
    warp(c.m.svm, WINDOW + 1n);
    await settleJob(c.m.sender, { payer: c.m.admin, job: req.job });
    expect((await feesHeld(c.m)) - feesBefore).toBe(feeOf(PRICE, 1_000n));
    // A job requested after the change pays the new fee.
    const later = await request(c);
    expect((await fetchJobAccount(c.m.sender, later.job)).feeBps).toBe(2_000);
    const before = await feesHeld(c.m);
    await deliverAndSettle(c.m, later.job);
    expect((await feesHeld(c.m)) - before).toBe(feeOf(PRICE, 2_000n));
  });

  it('while paused no new money comes in (Paused), but escrow can still leave: fail, expiry, settlement, withdrawal', async () => {
    const c = await solCtx();
    const t = await readyModel(c.m, { subscriptionPrice: 1_000n, passSize: 2, passPrice: 1_000n });
    const delivered = await request(c, 1n);
    await deliver(c.m, delivered.job);
    const claimed = await request(c, 2n);
    await claimJob(c.m.sender, { authority: c.m.oracle.authority, job: claimed.job });
    const open = await request(c, 3n);
    await send(c.m.svm, c.m.admin, [await setPausedInstruction({ admin: c.m.admin, paused: true })]);

    await expectProgramError(request(c, 4n), 'Paused');
    await expectProgramError(subscribe(c.m.sender, { user: c.user, model: t.model, months: 1 }), 'Paused');
    await expectProgramError(buyPass(c.m.sender, { user: c.user, model: t.model }), 'Paused');

    const before = lamportsOf(c.m.svm, c.user.address);
    await failJob(c.m.sender, { authority: c.m.oracle.authority, job: claimed.job, reasonCode: 1 });
    warp(c.m.svm, WINDOW + 1n);
    await refundExpired(c.m.sender, { payer: c.m.admin, job: open.job });
    expect(lamportsOf(c.m.svm, c.user.address) - before).toBe(2n * PRICE);
    await settleJob(c.m.sender, { payer: c.m.admin, job: delivered.job });
    const ownerBefore = lamportsOf(c.m.svm, c.t.creator.address);
    await withdrawRevenue(c.m.sender, { owner: c.t.creator, model: c.t.model });
    expect(lamportsOf(c.m.svm, c.t.creator.address) - ownerBefore).toBe(PRICE - feeOf(PRICE, 1_000n) - TX_FEE);
  });
});

describe('a model paused by its holder', () => {
  it('takes no new payments (ModelNotReady) but lets passes close and open jobs finish', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: PRICE, subscriptionPrice: 1_000n, passSize: 2, passPrice: 1_000n });
    const user = await fundedKeypair(m.svm);
    await buyPass(m.sender, { user, model: t.model });
    const open = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('before pause') });
    await deliver(m, open.job);
    await setStatus(m, t, ModelStatus.Paused);
    const before = lamportsOf(m.svm, user.address);
    await expectProgramError(
      requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x'), nonce: 1n }),
      'ModelNotReady',
    );
    await expectProgramError(subscribe(m.sender, { user, model: t.model, months: 1 }), 'ModelNotReady');
    await expectProgramError(
      requestGeneration(m.sender, {
        user,
        model: t.model,
        inputCid: await cidOf('x'),
        mode: PaymentMode.Pass,
        nonce: 2n,
      }),
      'ModelNotReady',
    );
    expect(lamportsOf(m.svm, user.address)).toBe(before - 3n * TX_FEE);
    await closePass(m.sender, { user, model: t.model });
    const modelBefore = lamportsOf(m.svm, t.model);
    warp(m.svm, WINDOW + 1n);
    await settleJob(m.sender, { payer: user, job: open.job });
    expect(lamportsOf(m.svm, t.model) - modelBefore).toBe(PRICE - feeOf(PRICE, 1_000n));
  });
});

describe('payout destinations are checked', () => {
  it('SOL: settle_job refuses a foreign fee vault (InvalidAccountOwner) or payee and refund_expired a foreign requester (WrongAccount)', async () => {
    const c = await solCtx();
    const attacker = await fundedKeypair(c.m.svm);
    const settled = await request(c, 1n);
    const expired = await request(c, 2n);
    await deliver(c.m, settled.job);
    warp(c.m.svm, WINDOW + 1n);
    const ctx = await jobPayoutParams(c.m.sender, settled.job);
    const attackerBefore = lamportsOf(c.m.svm, attacker.address);
    const honest = await settleJobInstruction(ctx);
    // config, job, requester, model, oracle, payee (5), fee vault (6)
    const swapped = (index: number) => ({
      ...honest,
      accounts: honest.accounts?.map((a, i) => (i === index ? { ...a, address: attacker.address } : a)),
    });
    await expectProgramError(send(c.m.svm, attacker, [swapped(6)]), 'InvalidAccountOwner');
    await expectProgramError(send(c.m.svm, attacker, [swapped(5)]), 'WrongAccount');
    const expiredCtx = await jobPayoutParams(c.m.sender, expired.job);
    await expectProgramError(
      send(c.m.svm, attacker, [await refundExpiredInstruction({ ...expiredCtx, requester: attacker.address })]),
      'WrongAccount',
    );
    expect(lamportsOf(c.m.svm, attacker.address)).toBe(attackerBefore - 3n * TX_FEE);
    expect((await fetchJobAccount(c.m.sender, settled.job)).status).toBe(JobStatus.Delivered);
    expect((await fetchJobAccount(c.m.sender, expired.job)).status).toBe(JobStatus.Open);
    // The honest calls still work afterwards.
    await settleJob(c.m.sender, { payer: attacker, job: settled.job });
    await refundExpired(c.m.sender, { payer: attacker, job: expired.job });
  });

  it.each(SPL_KINDS)(
    '$label: refunds and fees go only to the right token accounts (InvalidTokenAccount)',
    async (kind) => {
      const c = await splCtx(kind.tokenProgram);
      if (!c.token) throw new Error('SPL context without token');
      const attacker = await newUser(c.m, c.token, 0n);
      const attackerAta = await ata(c.token, attacker.address);
      const settled = await request(c, 1n);
      const expired = await request(c, 2n);
      const disputed = await request(c, 3n);
      await deliver(c.m, settled.job);
      await deliver(c.m, disputed.job);
      await disputeJob(c.m.sender, { requester: c.user, job: disputed.job, reasonCid: await cidOf('bad') });
      warp(c.m.svm, WINDOW + 1n);

      const expiredCtx = await jobPayoutParams(c.m.sender, expired.job);
      await expectProgramError(
        send(c.m.svm, attacker, [await refundExpiredInstruction({ ...expiredCtx, requesterToken: attackerAta })]),
        'InvalidTokenAccount',
      );
      const [config] = await findConfigAddress();
      const ctx = await jobPayoutParams(c.m.sender, settled.job);
      const [oracle] = await findOracleAddress({ authority: ctx.oracleAuthority });
      const base = {
        config,
        requester: ctx.requester,
        model: ctx.model,
        oracle,
        payee: ctx.model,
        feeVault: (await findFeeVaultAddress())[0],
        requesterToken: await ata(c.token, ctx.requester),
        treasuryToken: attackerAta,
        vault: await vaultOf(ctx.model),
        paymentMint: c.token.mint,
        tokenProgram: c.token.tokenProgram,
        systemProgram: PROGRAM_ADDRESS,
      };
      await expectProgramError(
        send(c.m.svm, attacker, [generated.getSettleJobInstruction({ ...base, job: settled.job })]),
        'InvalidTokenAccount',
      );
      await expectProgramError(
        send(c.m.svm, c.m.arbiter, [
          generated.getResolveDisputeInstruction({
            ...base,
            arbiter: c.m.arbiter,
            job: disputed.job,
            requesterToken: attackerAta,
            treasuryToken: await ata(c.token, c.m.treasury.address),
            refundBps: 5_000,
          }),
        ]),
        'InvalidTokenAccount',
      );
      expect(tokenBalance(c.m.svm, attackerAta)).toBe(0n);
      expect(tokenBalance(c.m.svm, await vaultOf(c.t.model))).toBe(3n * PRICE);
      expect(await escrowedOf(c.m, c.t.model)).toBe(3n * PRICE);
    },
  );
});
