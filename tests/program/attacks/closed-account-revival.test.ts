// Attack: a closed account brought back. One negative test per classic Solana attack, on the
// compiled program in LiteSVM: each asserts the program's named error and that no lamport,
// token or account byte moved (a failed transaction only costs its fee payer the fee).
import {
  buyPass,
  closePass,
  closePassInstruction,
  findGrantAddress,
  findPassAddress,
  grantAccessInstruction,
  PaymentMode,
  revokeAccessInstruction,
  SYSTEM_PROGRAM_ADDRESS,
  Visibility,
} from '@modelmint/sdk';
import { getTransferSolInstruction } from '@solana-program/system';
import { describe, expect, it } from 'vitest';
import {
  dataOf,
  expectProgramError,
  expectWorldUnchanged,
  forgeAccount,
  snapshotWorld,
} from '../../fixtures/attack-helpers.js';
import { requestIx } from '../../fixtures/attack-scenarios.js';
import { readyModel, setupMarketplace } from '../../fixtures/marketplace.js';
import { fundedKeypair, lamportsOf, SOL, send } from '../../fixtures/svm.js';

describe('closed-account revival', () => {
  async function allowlisted() {
    const m = await setupMarketplace();
    const t = await readyModel(m, { visibility: Visibility.Allowlist });
    const user = await fundedKeypair(m.svm);
    await send(m.svm, t.creator, [
      await grantAccessInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint, user: user.address }),
    ]);
    const [grant] = await findGrantAddress({ model: t.model, user: user.address });
    const revoke = await revokeAccessInstruction({
      owner: t.creator,
      model: t.model,
      assetMint: t.assetMint,
      user: user.address,
    });
    return { m, t, user, grant, revoke };
  }

  it('a revoked grant refunded with lamports in the same transaction → AccessDenied, the whole transaction reverts', async () => {
    const { m, t, user, grant, revoke } = await allowlisted();
    const rent = lamportsOf(m.svm, grant);
    const { instruction, job } = await requestIx(m, t.model, user);
    const before = snapshotWorld(m.svm, [user.address, t.creator.address, grant, job]);
    await expectProgramError(
      send(m.svm, t.creator, [
        revoke,
        getTransferSolInstruction({ source: t.creator, destination: grant, amount: rent }),
        instruction,
      ]),
      'AccessDenied',
    );
    expectWorldUnchanged(m.svm, before, { feePayer: t.creator.address, signatures: 2 });
  });

  it('a revoked grant topped up with lamports, or forged with grant bytes under the system program, later → AccessDenied', async () => {
    const { m, t, user, grant, revoke } = await allowlisted();
    const grantData = dataOf(m.svm, grant);
    await send(m.svm, t.creator, [revoke]);
    expect(m.svm.getAccount(grant).exists).toBe(false);
    await send(m.svm, user, [getTransferSolInstruction({ source: user, destination: grant, amount: SOL })]);
    const { instruction, job } = await requestIx(m, t.model, user);
    let before = snapshotWorld(m.svm, [user.address, grant, job]);
    await expectProgramError(send(m.svm, user, [instruction]), 'AccessDenied');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address });

    forgeAccount(m.svm, grant, { data: grantData, owner: SYSTEM_PROGRAM_ADDRESS });
    before = snapshotWorld(m.svm, [user.address, grant, job]);
    await expectProgramError(send(m.svm, user, [instruction]), 'AccessDenied');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address });
  });

  it('a closed pass is gone for good: reuse in the same transaction, after a top-up, or a second close all fail', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { passSize: 4, passPrice: 4_000_000n });
    const user = await fundedKeypair(m.svm);
    await buyPass(m.sender, { user, model: t.model });
    const [pass] = await findPassAddress({ model: t.model, user: user.address });
    const close = await closePassInstruction({ user, model: t.model });
    const use = await requestIx(m, t.model, user, { mode: PaymentMode.Pass });

    // Close and spend a use in the same transaction.
    let before = snapshotWorld(m.svm, [user.address, pass, use.job]);
    await expectProgramError(send(m.svm, user, [close, use.instruction]), 'PassExhausted');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address });

    // Close, top the address up, then try to spend and to close again.
    const userBefore = lamportsOf(m.svm, user.address);
    const passLamports = lamportsOf(m.svm, pass);
    await closePass(m.sender, { user, model: t.model });
    expect(lamportsOf(m.svm, user.address) - userBefore).toBe(passLamports - 5_000n);
    expect(m.svm.getAccount(pass).exists).toBe(false);
    await send(m.svm, user, [getTransferSolInstruction({ source: user, destination: pass, amount: SOL })]);
    before = snapshotWorld(m.svm, [user.address, pass, use.job]);
    await expectProgramError(send(m.svm, user, [use.instruction]), 'PassExhausted');
    await expectProgramError(send(m.svm, user, [close]), 'InvalidAccountOwner');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address, signatures: 2 });
  });
});
