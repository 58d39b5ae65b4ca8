// Revenue follows the asset when it is transferred.
import {
  eventsNamed,
  fetchModelAccount,
  grantAccessInstruction,
  parseEvents,
  TOKEN_2022_PROGRAM_ADDRESS,
  updateModelInstruction,
  withdrawRevenue,
} from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { CURRENCIES, PRICE, request } from '../../fixtures/job-context.js';
import type { TestModel } from '../../fixtures/marketplace.js';
import { ata, deliverAndSettle, expectProgramError, feeOf, TX_FEE } from '../../fixtures/money-helpers.js';
import { fundedKeypair, lamportsOf, send } from '../../fixtures/svm.js';
import { ataOf, tokenBalance, transferToken } from '../../fixtures/tokens.js';

describe.each(CURRENCIES)('revenue follows the asset: $label', (cur) => {
  it('after a transfer only the new holder updates the model and withdraws all of its revenue', async () => {
    const c = await cur.ctx();
    const first = await request(c);
    await deliverAndSettle(c.m, first.job);
    const share = PRICE - feeOf(PRICE, 1_000n);

    const buyer = await fundedKeypair(c.m.svm);
    if (c.token) await ataOf(c.m.svm, buyer, c.token, buyer.address);
    await transferToken(
      c.m.svm,
      { mint: c.t.assetMint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS, decimals: 0 },
      c.t.creator,
      buyer.address,
      1n,
    );
    const seller = c.t.creator;
    const asBuyer: TestModel = { ...c.t, creator: buyer };

    // The old holder lost control and revenue.
    await expectProgramError(
      send(c.m.svm, seller, [
        await updateModelInstruction({ owner: seller, model: c.t.model, assetMint: c.t.assetMint, pricePerUse: 1n }),
      ]),
      'NotAssetHolder',
    );
    await expectProgramError(withdrawRevenue(c.m.sender, { owner: seller, model: c.t.model }), 'NotAssetHolder');
    // Pointing at the buyer's asset account does not help the seller.
    const buyerAsset = await ata({ mint: c.t.assetMint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS }, buyer.address);
    await expectProgramError(
      send(c.m.svm, seller, [
        await updateModelInstruction({
          owner: seller,
          model: c.t.model,
          assetMint: c.t.assetMint,
          ownerAsset: buyerAsset,
          pricePerUse: 1n,
        }),
      ]),
      'NotAssetHolder',
    );
    await expectProgramError(
      send(c.m.svm, seller, [
        await grantAccessInstruction({
          owner: seller,
          model: c.t.model,
          assetMint: c.t.assetMint,
          user: seller.address,
        }),
      ]),
      'NotAssetHolder',
    );
    expect((await fetchModelAccount(c.m.sender, c.t.model)).pricePerUse).toBe(PRICE);

    // The new holder controls the model and takes the revenue earned before the sale.
    const updated = await send(c.m.svm, buyer, [
      await updateModelInstruction({
        owner: buyer,
        model: c.t.model,
        assetMint: c.t.assetMint,
        pricePerUse: 2n * PRICE,
      }),
    ]);
    expect(eventsNamed(parseEvents(updated.logs), 'ModelUpdated')[0]).toMatchObject({
      model: c.t.model,
      owner: buyer.address,
      pricePerUse: 2n * PRICE,
    });
    const holding = async () =>
      c.token ? tokenBalance(c.m.svm, await ata(c.token, buyer.address)) : lamportsOf(c.m.svm, buyer.address);
    let before = await holding();
    const withdrawn = await withdrawRevenue(c.m.sender, { owner: buyer, model: c.t.model });
    expect((await holding()) - before).toBe(c.token ? share : share - TX_FEE);
    expect(eventsNamed(parseEvents(withdrawn.logs), 'RevenueWithdrawn')[0]).toMatchObject({
      owner: buyer.address,
      amount: share,
    });

    // Later sales accrue to the new holder too.
    const second = await request(c);
    await deliverAndSettle(c.m, second.job);
    before = await holding();
    await withdrawRevenue(c.m.sender, { owner: asBuyer.creator, model: c.t.model });
    const share2 = 2n * PRICE - feeOf(2n * PRICE, 1_000n);
    expect((await holding()) - before).toBe(c.token ? share2 : share2 - TX_FEE);
    await expectProgramError(withdrawRevenue(c.m.sender, { owner: seller, model: c.t.model }), 'NotAssetHolder');
  });
});
