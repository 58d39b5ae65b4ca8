// Attack: someone else's pass or subscription. One negative test per classic Solana attack, on the
// compiled program in LiteSVM: each asserts the program's named error and that no lamport,
// token or account byte moved (a failed transaction only costs its fee payer the fee).
import { buyPass, findPassAddress, findSubscriptionAddress, PaymentMode, subscribe } from '@modelmint/sdk';
import { describe, it } from 'vitest';
import { expectProgramError, expectWorldUnchanged, snapshotWorld, withAccount } from '../../fixtures/attack-helpers.js';
import { requestIx } from '../../fixtures/attack-scenarios.js';
import { readyModel, setupMarketplace } from '../../fixtures/marketplace.js';
import { fundedKeypair, send } from '../../fixtures/svm.js';

describe("account substitution: someone else's pass or subscription", () => {
  it("a job paid from another user's pass or subscription → WrongAccount", async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { subscriptionPrice: 1_000_000n, passSize: 3, passPrice: 3_000_000n });
    const owner = await fundedKeypair(m.svm);
    await buyPass(m.sender, { user: owner, model: t.model });
    await subscribe(m.sender, { user: owner, model: t.model, months: 1 });
    const [pass] = await findPassAddress({ model: t.model, user: owner.address });
    const [sub] = await findSubscriptionAddress({ model: t.model, user: owner.address });
    const thief = await fundedKeypair(m.svm);
    const viaPass = await requestIx(m, t.model, thief, { mode: PaymentMode.Pass });
    const viaSub = await requestIx(m, t.model, thief, { mode: PaymentMode.Subscription });
    const before = snapshotWorld(m.svm, [thief.address, owner.address, viaPass.job, viaSub.job]);
    await expectProgramError(send(m.svm, thief, [withAccount(viaPass.instruction, 8, pass)]), 'WrongAccount');
    await expectProgramError(send(m.svm, thief, [withAccount(viaSub.instruction, 7, sub)]), 'WrongAccount');
    expectWorldUnchanged(m.svm, before, { feePayer: thief.address, signatures: 2 });
  });
});
