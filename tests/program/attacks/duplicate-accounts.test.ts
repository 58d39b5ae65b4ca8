// Attack: one account in two roles. One negative test per classic Solana attack, on the
// compiled program in LiteSVM: each asserts the program's named error and that no lamport,
// token or account byte moved (a failed transaction only costs its fee payer the fee).
import {
  buyPass,
  closePassInstruction,
  fetchConfigAccount,
  findFeeVaultAddress,
  JobStatus,
  jobPayoutParams,
  refundExpiredInstruction,
  settleJob,
  settleJobInstruction,
  subscribeInstruction,
  withdrawRevenueInstruction,
} from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import {
  accountAt,
  expectProgramError,
  expectRuntimeFailure,
  expectWorldUnchanged,
  snapshotWorld,
  totalLamports,
  withAccount,
} from '../../fixtures/attack-helpers.js';
import { deliveredJob, jobOf, openJob, requestIx, splMarket, tokenHolder } from '../../fixtures/attack-scenarios.js';
import { deliver, readyModel, setupMarketplace, WINDOW } from '../../fixtures/marketplace.js';
import { fundedKeypair, lamportsOf, send, warp } from '../../fixtures/svm.js';
import { TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS, tokenBalance } from '../../fixtures/tokens.js';

describe('duplicate mutable accounts: one account in two roles', () => {
  it('refund_expired with the job as its own requester → WrongAccount, escrow untouched', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await openJob(m, t);
    warp(m.svm, 601n);
    const cranker = await fundedKeypair(m.svm);
    const ctx = await jobPayoutParams(m.sender, j.job);
    const ix = await refundExpiredInstruction(ctx);
    const before = snapshotWorld(m.svm, [cranker.address, j.user.address]);
    await expectProgramError(send(m.svm, cranker, [withAccount(ix, 1, j.job)]), 'WrongAccount');
    // The model in the requester's seat, the job in the model's seat.
    await expectProgramError(send(m.svm, cranker, [withAccount(ix, 1, t.model)]), 'WrongAccount');
    await expectProgramError(send(m.svm, cranker, [withAccount(ix, 2, j.job)]), 'InvalidAccountData');
    expectWorldUnchanged(m.svm, before, { feePayer: cranker.address, signatures: 3 });
  });

  it('settle_job with payee, fee vault and requester swapped or merged → WrongAccount / not a fee vault', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await deliveredJob(m, t);
    warp(m.svm, WINDOW + 1n);
    const cranker = await fundedKeypair(m.svm);
    const ctx = await jobPayoutParams(m.sender, j.job);
    const ix = await settleJobInstruction(ctx);
    const [feeVault] = await findFeeVaultAddress();
    // 2 requester, 3 model, 5 payee, 6 fee vault (checked by owner and type: it is a program account).
    const bad = [
      [withAccount(ix, 5, m.treasury.address), 'WrongAccount'],
      [withAccount(ix, 5, feeVault), 'WrongAccount'],
      [withAccount(ix, 2, feeVault), 'WrongAccount'],
      [withAccount(ix, 6, t.model), 'InvalidAccountData'],
      [withAccount(ix, 2, m.treasury.address), 'WrongAccount'],
      [withAccount(ix, 2, t.model), 'WrongAccount'],
      [withAccount(ix, 5, j.user.address), 'WrongAccount'],
      [withAccount(ix, 6, j.user.address), 'InvalidAccountOwner'],
      [withAccount(ix, 6, m.treasury.address), 'InvalidAccountOwner'],
    ] as const;
    const before = snapshotWorld(m.svm, [cranker.address, j.user.address, m.treasury.address, feeVault]);
    for (const [b, error] of bad) await expectProgramError(send(m.svm, cranker, [b]), error);
    expectWorldUnchanged(m.svm, before, { feePayer: cranker.address, signatures: bad.length });
  });

  it('a requester who is also the treasury: settle conserves every lamport; the fee goes to the fee vault', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: 1_000_003n });
    // The treasury wallet itself pays for a generation.
    const j = await openJob(m, t, m.treasury);
    await deliver(m, j.job);
    warp(m.svm, WINDOW + 1n);
    const cranker = await fundedKeypair(m.svm);
    const [feeVault] = await findFeeVaultAddress();
    const watched = [j.job, t.model, m.treasury.address, feeVault];
    const total = totalLamports(m.svm, watched);
    const treasuryBefore = lamportsOf(m.svm, m.treasury.address);
    const vaultBefore = lamportsOf(m.svm, feeVault);
    const modelBefore = lamportsOf(m.svm, t.model);
    await settleJob(m.sender, { payer: cranker, job: j.job });
    expect(totalLamports(m.svm, watched)).toBe(total);
    const fee = (1_000_003n * 1_000n + 9_999n) / 10_000n;
    expect(lamportsOf(m.svm, m.treasury.address)).toBe(treasuryBefore);
    expect(lamportsOf(m.svm, feeVault) - vaultBefore).toBe(fee);
    expect(lamportsOf(m.svm, t.model) - modelBefore).toBe(1_000_003n - fee);
    expect((await jobOf(m, j.job)).status).toBe(JobStatus.Settled);
  });

  it('SPL: the model vault as the refund, fee, withdrawal or pass-refund destination → InvalidTokenAccount', async () => {
    const m = await setupMarketplace();
    const s = await splMarket(m, TOKEN_PROGRAM_ADDRESS, { passSize: 2, passPrice: 2_000_000n });
    const { user, userToken } = await tokenHolder(m, s);
    const other = await tokenHolder(m, s);
    // An expired job to refund, a delivered one to settle, a pass to close, revenue to withdraw.
    const expired = await openJob(m, s.model, user);
    const delivered = await openJob(m, s.model, other.user);
    await deliver(m, delivered.job);
    await buyPass(m.sender, { user, model: s.model.model });
    warp(m.svm, WINDOW + 1n);
    const payer = await fundedKeypair(m.svm);
    const refund = await refundExpiredInstruction(await jobPayoutParams(m.sender, expired.job));
    const settle = await settleJobInstruction(await jobPayoutParams(m.sender, delivered.job));
    const withdraw = await withdrawRevenueInstruction({
      owner: s.model.creator,
      model: s.model.model,
      assetMint: s.model.assetMint,
      payment: s.model.payment,
    });
    const close = await closePassInstruction({ user, model: s.model.model, payment: s.model.payment });
    expect(accountAt(refund, 3)).toBe(userToken);
    expect(accountAt(settle, 9)).toBe(s.treasuryToken);
    expect(tokenBalance(m.svm, s.vault)).toBe(1_000_000n * 2n + 2_000_000n);
    const before = snapshotWorld(m.svm, [payer.address, user.address, s.model.creator.address]);
    await expectProgramError(send(m.svm, payer, [withAccount(refund, 3, s.vault)]), 'InvalidTokenAccount');
    await expectProgramError(send(m.svm, payer, [withAccount(settle, 9, s.vault)]), 'InvalidTokenAccount');
    await expectProgramError(send(m.svm, s.model.creator, [withAccount(withdraw, 3, s.vault)]), 'InvalidTokenAccount');
    await expectProgramError(send(m.svm, user, [withAccount(close, 3, s.vault)]), 'InvalidTokenAccount');
    expectWorldUnchanged(m.svm, before, [
      { feePayer: payer.address, signatures: 2 },
      { feePayer: s.model.creator.address },
      { feePayer: user.address },
    ]);
  });

  it('SPL: the vault as the paying token account of request_generation and subscribe is refused', async () => {
    const m = await setupMarketplace();
    const s = await splMarket(m, TOKEN_2022_PROGRAM_ADDRESS, { subscriptionPrice: 3_000_000n });
    const { user } = await tokenHolder(m, s);
    // Someone else's escrow sits in the vault.
    const victim = await tokenHolder(m, s);
    await openJob(m, s.model, victim.user);
    await openJob(m, s.model, victim.user);
    await openJob(m, s.model, victim.user);
    expect(tokenBalance(m.svm, s.vault)).toBe(3_000_000n);
    const { instruction, job } = await requestIx(m, s.model.model, user, { userToken: s.vault });
    const cfg = await fetchConfigAccount(m.sender);
    const sub = (o: { userToken?: Address; treasuryToken?: Address }) =>
      subscribeInstruction({
        user,
        model: s.model.model,
        months: 1,
        maxPrice: 3_000_000n,
        treasury: cfg.treasury,
        payment: s.model.payment,
        ...o,
      });
    const before = snapshotWorld(m.svm, [user.address, job]);
    // The vault's owner is the model PDA: the token program refuses the user's authority over it
    // (Token-2022 OwnerMismatch, custom error 4).
    await expectRuntimeFailure(send(m.svm, user, [instruction]), /code: 4 /);
    await expectRuntimeFailure(send(m.svm, user, [await sub({ userToken: s.vault })]), /code: 4 /);
    await expectProgramError(send(m.svm, user, [await sub({ treasuryToken: s.vault })]), 'InvalidTokenAccount');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address, signatures: 3 });
  });
});
