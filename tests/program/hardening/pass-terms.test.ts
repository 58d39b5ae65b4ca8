// Issue 15, cases 2 and 3. buy_pass guards both terms: the price (max_price)
// and the number of uses (min_uses), so a holder cutting pass_size just before
// a purchase lands makes it fail instead of selling fewer uses. Pass terms give
// every use at least one smallest unit (price >= size), and each use releases
// exactly its share of the price, so no use is free and a refunded pass never
// hands back more than the unused share.
import {
  buyPass,
  buyPassInstruction,
  Category,
  closePass,
  createModelInstruction,
  fetchJobAccount,
  generated,
  PaymentMode,
  rawCid,
  requestGeneration,
  updateModelInstruction,
} from '@modelmint/sdk';
import { generateKeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { expectWorldUnchanged, snapshotWorld } from '../../fixtures/attack-helpers.js';
import { cidOf, readyModel, setupMarketplace } from '../../fixtures/marketplace.js';
import { exists, expectProgramError, passOf, TX_FEE } from '../../fixtures/money-helpers.js';
import { fundedKeypair, lamportsOf, send } from '../../fixtures/svm.js';

describe('buy_pass: min_uses', () => {
  it('a pass cut in flight fails (PassSizeChanged) and nothing moves; the action quotes the current size', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { passSize: 10, passPrice: 1_000_000n });
    const user = await fundedKeypair(m.svm);
    // The buyer quotes 10 uses for 1_000_000; the holder cuts the pass to 1 use before it lands.
    const quoted = await buyPassInstruction({ user, model: t.model, maxPrice: 1_000_000n, minUses: 10 });
    await send(m.svm, t.creator, [
      await updateModelInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint, passSize: 1 }),
    ]);
    const before = snapshotWorld(m.svm, [user.address, t.model]);
    await expectProgramError(send(m.svm, user, [quoted]), 'PassSizeChanged');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address });
    expect(await passOf(m, t.model, user.address)).toBeUndefined();

    // The action reads the model: it accepts the current terms, or an explicit minimum.
    await expectProgramError(buyPass(m.sender, { user, model: t.model, minUses: 10 }), 'PassSizeChanged');
    await buyPass(m.sender, { user, model: t.model });
    expect(await passOf(m, t.model, user.address)).toMatchObject({ usesLeft: 1, size: 1, price: 1_000_000n });
  });

  it('more uses than quoted is fine: min_uses is a floor', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { passSize: 3, passPrice: 3_000n });
    const user = await fundedKeypair(m.svm);
    const quoted = await buyPassInstruction({ user, model: t.model, maxPrice: 3_000n, minUses: 3 });
    await send(m.svm, t.creator, [
      await updateModelInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint, passSize: 5 }),
    ]);
    await send(m.svm, user, [quoted]);
    expect(await passOf(m, t.model, user.address)).toMatchObject({ usesLeft: 5, balance: 3_000n });
  });
});

describe('pass terms: at least one unit per use', () => {
  it('create_model and update_model refuse price < size (InvalidPassTerms); price = size is the floor', async () => {
    const m = await setupMarketplace();
    const creator = await fundedKeypair(m.svm);
    const { instruction, model } = await createModelInstruction({
      creator,
      assetMint: await generateKeyPairSigner(),
      category: Category.Caption,
      pricePerUse: 1_000n,
      passSize: 10,
      passPrice: 9n,
      cardCid: await rawCid(new TextEncoder().encode('card')),
      name: 'Free uses?',
      symbol: 'FREE',
      uri: 'ipfs://card',
    });
    const before = lamportsOf(m.svm, creator.address);
    await expectProgramError(send(m.svm, creator, [instruction]), 'InvalidPassTerms');
    expect(lamportsOf(m.svm, creator.address)).toBe(before - 2n * TX_FEE);
    expect(exists(m, model)).toBe(false);

    const t = await readyModel(m, { passSize: 10, passPrice: 10n });
    await expectProgramError(
      send(m.svm, t.creator, [
        await updateModelInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint, passPrice: 9n }),
      ]),
      'InvalidPassTerms',
    );
    await expectProgramError(
      send(m.svm, t.creator, [
        await updateModelInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint, passSize: 11 }),
      ]),
      'InvalidPassTerms',
    );
    // Turning passes off (size 0) is always allowed, whatever the price.
    await send(m.svm, t.creator, [
      await updateModelInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint, passSize: 0 }),
    ]);
  });

  it('199 for 100 uses: every use releases 1 or 2, none is free, and a refund returns exactly the unused share', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { passSize: 100, passPrice: 199n });
    const user = await fundedKeypair(m.svm);
    await buyPass(m.sender, { user, model: t.model });
    const escrows: bigint[] = [];
    for (let i = 0; i < 10; i++) {
      const { job } = await requestGeneration(m.sender, {
        user,
        model: t.model,
        inputCid: await cidOf(`use ${i}`),
        mode: PaymentMode.Pass,
      });
      escrows.push((await fetchJobAccount(m.sender, job)).escrow);
    }
    expect(escrows.every((e) => e === 1n || e === 2n)).toBe(true);
    // After 10 of 100 uses the pass holds floor(199 × 90 / 100) = 179: the 10 uses took 20,
    // where the old rule (a unit of 1 each, the last use the rest) took 10 and refunded 189.
    expect(escrows.reduce((a, b) => a + b, 0n)).toBe(20n);
    expect(await passOf(m, t.model, user.address)).toMatchObject({ usesLeft: 90, balance: 179n });
    const before = lamportsOf(m.svm, user.address);
    const rent = m.svm.minimumBalanceForRentExemption(BigInt(generated.getPassSize()));
    await closePass(m.sender, { user, model: t.model });
    expect(lamportsOf(m.svm, user.address) - before).toBe(179n + rent - TX_FEE);
  });
});
