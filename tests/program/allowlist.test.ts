// Allowlist models: every paid action (request_generation, subscribe,
// buy_pass) needs the wallet's live grant; without one it fails with
// AccessDenied, with an expired one GrantExpired, after revoke_access
// AccessDenied again; a granted wallet pays as usual.
import {
  buyPass,
  eventsNamed,
  fetchJobAccount,
  findConfigAddress,
  findPassAddress,
  generated,
  grantAccessInstruction,
  PaymentMode,
  parseEvents,
  requestGeneration,
  revokeAccess,
  revokeAccessInstruction,
  subscribe,
  Visibility,
} from '@modelmint/sdk';
import type { KeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { reportCu } from '../fixtures/cu.js';
import { cidOf, type Marketplace, readyModel, setupMarketplace, type TestModel } from '../fixtures/marketplace.js';
import {
  ata,
  exists,
  expectProgramError,
  grant,
  grantAddress,
  newUser,
  now,
  paymentToken,
  SPL_KINDS,
  subscriptionOf,
  TX_FEE,
  vaultOf,
} from '../fixtures/money-helpers.js';
import { accountData, fundedKeypair, lamportsOf, send, warp } from '../fixtures/svm.js';
import { tokenBalance } from '../fixtures/tokens.js';

const PRICE = 1_000_000n;

/** Each paid action, as a user would take it. */
const ACTIONS = [
  {
    name: 'request_generation',
    run: async (m: Marketplace, t: TestModel, user: KeyPairSigner) =>
      requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('allowlisted input') }),
  },
  {
    name: 'subscribe',
    run: (m: Marketplace, t: TestModel, user: KeyPairSigner) =>
      subscribe(m.sender, { user, model: t.model, months: 1 }),
  },
  {
    name: 'buy_pass',
    run: (m: Marketplace, t: TestModel, user: KeyPairSigner) => buyPass(m.sender, { user, model: t.model }),
  },
] as const;

async function allowlistModel(m: Marketplace): Promise<TestModel> {
  return readyModel(m, {
    visibility: Visibility.Allowlist,
    pricePerUse: PRICE,
    subscriptionPrice: 2_000_000n,
    passSize: 2,
    passPrice: 1_500_000n,
  });
}

async function revoke(m: Marketplace, t: TestModel, user: KeyPairSigner) {
  return send(m.svm, t.creator, [
    await revokeAccessInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint, user: user.address }),
  ]);
}

describe.each(ACTIONS)('allowlist: $name', (action) => {
  it('fails without a grant (AccessDenied); nothing moves', async () => {
    const m = await setupMarketplace();
    const t = await allowlistModel(m);
    const user = await fundedKeypair(m.svm);
    const before = lamportsOf(m.svm, user.address);
    const modelBefore = lamportsOf(m.svm, t.model);
    await expectProgramError(action.run(m, t, user), 'AccessDenied');
    expect(lamportsOf(m.svm, user.address)).toBe(before - TX_FEE);
    expect(lamportsOf(m.svm, t.model)).toBe(modelBefore);
  });

  it("fails with another wallet's grant only (AccessDenied)", async () => {
    const m = await setupMarketplace();
    const t = await allowlistModel(m);
    const friend = await fundedKeypair(m.svm);
    const user = await fundedKeypair(m.svm);
    await grant(m, t, friend.address);
    await expectProgramError(action.run(m, t, user), 'AccessDenied');
    await action.run(m, t, friend);
  });

  it('fails with an expired grant (GrantExpired), from the expiry instant on', async () => {
    const m = await setupMarketplace();
    const t = await allowlistModel(m);
    const user = await fundedKeypair(m.svm);
    const expiresAt = now(m) + 3_600n;
    await grant(m, t, user.address, expiresAt);
    warp(m.svm, 3_600n);
    expect(now(m)).toBe(expiresAt);
    const before = lamportsOf(m.svm, user.address);
    await expectProgramError(action.run(m, t, user), 'GrantExpired');
    expect(lamportsOf(m.svm, user.address)).toBe(before - TX_FEE);
    // Granting again with a later expiry restores access.
    await grant(m, t, user.address, now(m) + 3_600n);
    await action.run(m, t, user);
  });

  it('succeeds with a live grant and fails after revoke_access (AccessDenied)', async () => {
    const m = await setupMarketplace();
    const t = await allowlistModel(m);
    const user = await fundedKeypair(m.svm);
    await grant(m, t, user.address, now(m) + 3_600n);
    warp(m.svm, 3_599n);
    await action.run(m, t, user);
    // A fresh wallet for the second attempt: the first may hold a pass or subscription now.
    const other = await fundedKeypair(m.svm);
    await grant(m, t, other.address);
    await revoke(m, t, other);
    await expectProgramError(action.run(m, t, other), 'AccessDenied');
  });
});

describe('allowlist grants', () => {
  it('a grant that never expires (0) keeps working; revoke closes it and refunds its rent to the holder', async () => {
    const m = await setupMarketplace();
    const t = await allowlistModel(m);
    const user = await fundedKeypair(m.svm);
    const granted = await send(m.svm, t.creator, [
      await grantAccessInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint, user: user.address }),
    ]);
    reportCu('grant_access', granted.computeUnits);
    expect(eventsNamed(parseEvents(granted.logs), 'AccessGranted')).toEqual([
      { model: t.model, user: user.address, expiresAt: 0n },
    ]);
    const grantPda = await grantAddress(t.model, user.address);
    const data = accountData(m.svm, grantPda);
    expect(data && generated.getAccessGrantDecoder().decode(data)).toMatchObject({
      model: t.model,
      user: user.address,
      expiresAt: 0n,
    });
    warp(m.svm, 10n * 365n * 86_400n);
    const req = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x') });
    expect((await fetchJobAccount(m.sender, req.job)).escrow).toBe(PRICE);

    const rent = lamportsOf(m.svm, grantPda);
    const holderBefore = lamportsOf(m.svm, t.creator.address);
    const revoked = await revoke(m, t, user);
    expect(lamportsOf(m.svm, t.creator.address) - holderBefore).toBe(rent - TX_FEE);
    expect(exists(m, grantPda)).toBe(false);
    expect(eventsNamed(parseEvents(revoked.logs), 'AccessRevoked')).toEqual([
      {
        model: t.model,
        user: user.address,
        passRefund: 0n,
        passClosed: false,
        subscriptionRefund: 0n,
        subscriptionClosed: false,
        noGrant: false,
      },
    ]);
  });

  it('pass-mode requests need the grant; a subscription runs its course unless the revocation refunds it', async () => {
    const m = await setupMarketplace();
    const t = await allowlistModel(m);
    const user = await fundedKeypair(m.svm);
    await grant(m, t, user.address);
    await subscribe(m.sender, { user, model: t.model, months: 1 });
    await buyPass(m.sender, { user, model: t.model });
    await revoke(m, t, user);
    await expectProgramError(
      requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('pass'), mode: PaymentMode.Pass }),
      'AccessDenied',
    );
    // The subscription was paid for: without a refund it stays valid to its expiry.
    const mode = PaymentMode.Subscription;
    await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('sub'), mode });
    // Revoked with its refund (the action tops the model's revenue up from the
    // holder: the platform's 10% of the price never reached it), it is closed
    // and no longer serves.
    await revokeAccess(m.sender, { owner: t.creator, model: t.model, user: user.address });
    expect(await subscriptionOf(m, t.model, user.address)).toBeUndefined();
    await expectProgramError(
      requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('sub 2'), mode, nonce: 9n }),
      'SubscriptionExpired',
    );
  });

  it("refuses another wallet's grant passed explicitly (WrongAccount); nothing moves", async () => {
    const m = await setupMarketplace();
    const t = await allowlistModel(m);
    const friend = await fundedKeypair(m.svm);
    const user = await fundedKeypair(m.svm);
    await grant(m, t, friend.address);
    const [config] = await findConfigAddress();
    const [pass] = await findPassAddress({ model: t.model, user: user.address });
    const borrowed = generated.getBuyPassInstruction({
      user,
      config,
      model: t.model,
      pass,
      grant: await grantAddress(t.model, friend.address),
      maxPrice: 1_500_000n,
      minUses: 0,
    });
    const before = lamportsOf(m.svm, user.address);
    await expectProgramError(send(m.svm, user, [borrowed]), 'WrongAccount');
    expect(lamportsOf(m.svm, user.address)).toBe(before - TX_FEE);
    expect(exists(m, pass)).toBe(false);
  });

  it('only the asset holder grants access (NotAssetHolder)', async () => {
    const m = await setupMarketplace();
    const t = await allowlistModel(m);
    const intruder = await fundedKeypair(m.svm);
    await expectProgramError(
      send(m.svm, intruder, [
        await grantAccessInstruction({
          owner: intruder,
          model: t.model,
          assetMint: t.assetMint,
          user: intruder.address,
        }),
      ]),
      'NotAssetHolder',
    );
    expect(exists(m, await grantAddress(t.model, intruder.address))).toBe(false);
  });

  it('a public model needs no grant', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: PRICE });
    const user = await fundedKeypair(m.svm);
    await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x') });
  });
});

describe.each(SPL_KINDS)('allowlist: $label', (kind) => {
  it('an SPL request needs the grant; the granted wallet pays into the vault', async () => {
    const m = await setupMarketplace();
    const token = await paymentToken(m, kind.tokenProgram);
    const t = await readyModel(m, { token, visibility: Visibility.Allowlist, pricePerUse: PRICE });
    const user = await newUser(m, token, 10_000_000n);
    const vault = await vaultOf(t.model);
    const run = async () => requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x') });
    await expectProgramError(run(), 'AccessDenied');
    expect(tokenBalance(m.svm, vault)).toBe(0n);
    await grant(m, t, user.address);
    const req = await run();
    reportCu(`request_generation_allowlist${kind.suffix}`, req.computeUnits ?? 0n);
    expect(tokenBalance(m.svm, vault)).toBe(PRICE);
    expect(tokenBalance(m.svm, await ata(token, user.address))).toBe(10_000_000n - PRICE);
  });
});
