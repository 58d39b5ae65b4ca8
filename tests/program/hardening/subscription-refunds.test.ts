// Issue 15, case 8: a subscriber no longer loses paid months without
// recourse. revoke_access refunds the unused time pro rata (value × time left /
// time paid for) from the model's revenue and closes the subscription; a holder
// who withdrew the revenue tops it up first (the SDK action does). A model
// switched to allowlist keeps serving its active subscribers; while a model is
// paused its subscribers may cancel for the same pro-rata refund.
import {
  buyPass,
  cancelSubscription,
  eventsNamed,
  fetchModelAccount,
  findSubscriptionAddress,
  ModelStatus,
  PaymentMode,
  parseEvents,
  requestGeneration,
  revokeAccess,
  revokeAccessInstruction,
  SECONDS_PER_MONTH,
  subscribe,
  unusedSubscriptionValue,
  updateModelInstruction,
  Visibility,
  withdrawRevenue,
} from '@modelmint/sdk';
import type { KeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { expectWorldUnchanged, snapshotWorld } from '../../fixtures/attack-helpers.js';
import { reportCu } from '../../fixtures/cu.js';
import {
  cidOf,
  type Marketplace,
  readyModel,
  setStatus,
  setupMarketplace,
  type TestModel,
} from '../../fixtures/marketplace.js';
import {
  ata,
  exists,
  expectProgramError,
  newUser,
  now,
  paymentToken,
  rentOf,
  SPL_KINDS,
  subscriptionOf,
  TX_FEE,
  vaultOf,
} from '../../fixtures/money-helpers.js';
import { fundedKeypair, lamportsOf, send, warp } from '../../fixtures/svm.js';
import { tokenBalance } from '../../fixtures/tokens.js';

const MONTHLY = 1_000_003n;
const DAY = 86_400n;

/** The unused value of `user`'s subscription now, as the program computes it. */
async function unused(m: Marketplace, t: TestModel, user: KeyPairSigner): Promise<bigint> {
  const s = await subscriptionOf(m, t.model, user.address);
  if (!s) throw new Error('no subscription');
  return unusedSubscriptionValue(s, now(m));
}

describe('subscription refunds (SOL)', () => {
  it('revoke_access refunds the unused time pro rata from revenue and closes the subscription', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { subscriptionPrice: MONTHLY });
    const user = await fundedKeypair(m.svm);
    await subscribe(m.sender, { user, model: t.model, months: 3 });
    warp(m.svm, 30n * DAY);
    // Two of three months left: floor(3_000_009 × 60 / 90) = 2_000_006.
    const refund = await unused(m, t, user);
    expect(refund).toBe(2_000_006n);
    const [sub] = await findSubscriptionAddress({ model: t.model, user: user.address });
    const subRent = rentOf(m, sub);
    const [userBefore, modelBefore] = [lamportsOf(m.svm, user.address), lamportsOf(m.svm, t.model)];
    const grossBefore = (await fetchModelAccount(m.sender, t.model)).grossRevenue;
    const revoked = await send(m.svm, t.creator, [
      await revokeAccessInstruction({
        owner: t.creator,
        model: t.model,
        assetMint: t.assetMint,
        user: user.address,
        refundSubscription: true,
      }),
    ]);
    reportCu('revoke_access_subscription', revoked.computeUnits);
    expect(lamportsOf(m.svm, user.address) - userBefore).toBe(refund + subRent);
    expect(modelBefore - lamportsOf(m.svm, t.model)).toBe(refund);
    expect(exists(m, sub)).toBe(false);
    expect((await fetchModelAccount(m.sender, t.model)).grossRevenue).toBe(grossBefore - refund);
    // A public model's subscriber has no grant: nothing else is closed.
    expect(eventsNamed(parseEvents(revoked.logs), 'AccessRevoked')).toEqual([
      {
        model: t.model,
        user: user.address,
        passRefund: 0n,
        passClosed: false,
        subscriptionRefund: refund,
        subscriptionClosed: true,
        noGrant: true,
      },
    ]);
    await expectProgramError(
      requestGeneration(m.sender, {
        user,
        model: t.model,
        inputCid: await cidOf('x'),
        mode: PaymentMode.Subscription,
      }),
      'SubscriptionExpired',
    );
  });

  it('with its revenue withdrawn the raw revoke is refused (InsufficientRevenue); the action tops up exactly the shortfall', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { subscriptionPrice: MONTHLY });
    const user = await fundedKeypair(m.svm);
    await subscribe(m.sender, { user, model: t.model, months: 1 });
    await withdrawRevenue(m.sender, { owner: t.creator, model: t.model });
    warp(m.svm, 3n * DAY);
    const raw = await revokeAccessInstruction({
      owner: t.creator,
      model: t.model,
      assetMint: t.assetMint,
      user: user.address,
      refundSubscription: true,
    });
    const before = snapshotWorld(m.svm, [t.creator.address, user.address, t.model]);
    await expectProgramError(send(m.svm, t.creator, [raw]), 'InsufficientRevenue');
    expectWorldUnchanged(m.svm, before, { feePayer: t.creator.address });

    const refund = await unused(m, t, user);
    const [holderBefore, userBefore] = [lamportsOf(m.svm, t.creator.address), lamportsOf(m.svm, user.address)];
    const [sub] = await findSubscriptionAddress({ model: t.model, user: user.address });
    const subRent = rentOf(m, sub);
    const modelBefore = lamportsOf(m.svm, t.model);
    await revokeAccess(m.sender, { owner: t.creator, model: t.model, user: user.address });
    // The holder pays the refund (nothing was left to take it from); the model ends at its rent.
    expect(holderBefore - lamportsOf(m.svm, t.creator.address)).toBe(refund + TX_FEE);
    expect(lamportsOf(m.svm, user.address) - userBefore).toBe(refund + subRent);
    expect(lamportsOf(m.svm, t.model)).toBe(modelBefore);
  });

  it('a model switched to allowlist keeps serving an active subscriber without a grant; per use needs one', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { subscriptionPrice: MONTHLY });
    const user = await fundedKeypair(m.svm);
    await subscribe(m.sender, { user, model: t.model, months: 1 });
    await send(m.svm, t.creator, [
      await updateModelInstruction({
        owner: t.creator,
        model: t.model,
        assetMint: t.assetMint,
        visibility: Visibility.Allowlist,
      }),
    ]);
    await requestGeneration(m.sender, {
      user,
      model: t.model,
      inputCid: await cidOf('still mine'),
      mode: PaymentMode.Subscription,
    });
    await expectProgramError(
      requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('per use'), nonce: 5n }),
      'AccessDenied',
    );
    // Once expired, it no longer serves (and renewing needs a grant).
    warp(m.svm, SECONDS_PER_MONTH);
    await expectProgramError(
      requestGeneration(m.sender, {
        user,
        model: t.model,
        inputCid: await cidOf('expired'),
        mode: PaymentMode.Subscription,
        nonce: 6n,
      }),
      'SubscriptionExpired',
    );
    await expectProgramError(subscribe(m.sender, { user, model: t.model, months: 1 }), 'AccessDenied');
  });

  it('cancel_subscription: refused while the model is ready (ModelStillReady), refunds pro rata while paused', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { subscriptionPrice: MONTHLY });
    const user = await fundedKeypair(m.svm);
    await subscribe(m.sender, { user, model: t.model, months: 2 });
    const [sub] = await findSubscriptionAddress({ model: t.model, user: user.address });
    await expectProgramError(cancelSubscription(m.sender, { user, model: t.model }), 'ModelStillReady');
    warp(m.svm, 15n * DAY);
    await setStatus(m, t, ModelStatus.Paused);
    const refund = await unused(m, t, user);
    // 45 of 60 days left: floor(2_000_006 × 45 / 60) = 1_500_004.
    expect(refund).toBe(1_500_004n);
    const subRent = rentOf(m, sub);
    const before = lamportsOf(m.svm, user.address);
    const cancelled = await cancelSubscription(m.sender, { user, model: t.model });
    reportCu('cancel_subscription', cancelled.computeUnits ?? 0n);
    expect(lamportsOf(m.svm, user.address) - before).toBe(refund + subRent - TX_FEE);
    expect(eventsNamed(parseEvents(cancelled.logs), 'SubscriptionCancelled')).toEqual([
      { model: t.model, user: user.address, refund },
    ]);
    expect(exists(m, sub)).toBe(false);
    await expectProgramError(cancelSubscription(m.sender, { user, model: t.model }), 'InvalidAccountOwner');
  });
});

describe.each(SPL_KINDS)('subscription refunds: $label', (kind) => {
  it('revoke and cancel refund tokens from the vault, never from escrow', async () => {
    const m = await setupMarketplace();
    const token = await paymentToken(m, kind.tokenProgram);
    const t = await readyModel(m, { token, subscriptionPrice: MONTHLY, passSize: 2, passPrice: 2_000n });
    const vault = await vaultOf(t.model);
    const [a, b] = [await newUser(m, token, 10_000_000n), await newUser(m, token, 10_000_000n)];
    await subscribe(m.sender, { user: a, model: t.model, months: 1 });
    await subscribe(m.sender, { user: b, model: t.model, months: 1 });
    // An escrowed pass in the vault the refunds must not touch.
    await buyPass(m.sender, { user: b, model: t.model });
    warp(m.svm, 10n * DAY);
    const refundA = await unused(m, t, a);
    const revoked = await revokeAccess(m.sender, { owner: t.creator, model: t.model, user: a.address });
    reportCu(`revoke_access_subscription${kind.suffix}`, revoked.computeUnits ?? 0n);
    expect(tokenBalance(m.svm, await ata(token, a.address))).toBe(10_000_000n - MONTHLY + refundA);

    await setStatus(m, t, ModelStatus.Paused);
    const refundB = await unused(m, t, b);
    const vaultBefore = tokenBalance(m.svm, vault);
    const cancelled = await cancelSubscription(m.sender, { user: b, model: t.model });
    reportCu(`cancel_subscription${kind.suffix}`, cancelled.computeUnits ?? 0n);
    expect(vaultBefore - tokenBalance(m.svm, vault)).toBe(refundB);
    // Both refunds came out of revenue: the pass is still fully escrowed.
    expect((await fetchModelAccount(m.sender, t.model)).escrowed).toBe(2_000n);
    expect(tokenBalance(m.svm, vault)).toBeGreaterThanOrEqual(2_000n);
  });
});
