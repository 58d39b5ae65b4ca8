// Attack: an account of another type where one is expected. One negative test per classic Solana attack, on the
// compiled program in LiteSVM: each asserts the program's named error and that no lamport,
// token or account byte moved (a failed transaction only costs its fee payer the fee).
import {
  claimJobInstruction,
  fetchOracleAccount,
  findGrantAddress,
  findOracleAddress,
  findSubscriptionAddress,
  generated,
  grantAccessInstruction,
  JobStatus,
  PaymentMode,
  PROGRAM_ADDRESS,
  setOracleActiveInstruction,
  setPausedInstruction,
  subscribe,
  updateModelInstruction,
  Visibility,
} from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import {
  accountAt,
  concat,
  dataOf,
  expectProgramError,
  expectWorldUnchanged,
  forgeAccount,
  snapshotWorld,
  withAccount,
} from '../../fixtures/attack-helpers.js';
import { fixtureOracle, jobOf, openJob, requestIx } from '../../fixtures/attack-scenarios.js';
import { readyModel, setupMarketplace } from '../../fixtures/marketplace.js';
import { fundedKeypair, send } from '../../fixtures/svm.js';

describe('type cosplay: an account of another type where one is expected', () => {
  it('an AccessGrant (same size as a Subscription) in the subscription slot → InvalidAccountData', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { visibility: Visibility.Allowlist, subscriptionPrice: 3_000_000n });
    const user = await fundedKeypair(m.svm);
    await send(m.svm, t.creator, [
      await grantAccessInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint, user: user.address }),
    ]);
    const [grant] = await findGrantAddress({ model: t.model, user: user.address });
    const [sub] = await findSubscriptionAddress({ model: t.model, user: user.address });
    expect(dataOf(m.svm, grant).length).toBe(generated.getSubscriptionSize());
    expect(generated.getAccessGrantSize()).toBe(generated.getSubscriptionSize());
    const { instruction, job } = await requestIx(m, t.model, user, { mode: PaymentMode.Subscription });
    expect(accountAt(instruction, 7)).toBe(sub);
    const before = snapshotWorld(m.svm, [user.address, job]);
    await expectProgramError(send(m.svm, user, [withAccount(instruction, 7, grant)]), 'InvalidAccountData');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address });
  });

  it('a Subscription (same size as an AccessGrant) in the grant slot → InvalidAccountData', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { subscriptionPrice: 3_000_000n });
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
    const [sub] = await findSubscriptionAddress({ model: t.model, user: user.address });
    // A per-use request checks the grant (a subscription is access in itself, so its mode does not).
    const { instruction, job } = await requestIx(m, t.model, user, { mode: PaymentMode.PerUse });
    const before = snapshotWorld(m.svm, [user.address, job]);
    await expectProgramError(send(m.svm, user, [withAccount(instruction, 6, sub)]), 'InvalidAccountData');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address });
  });

  it('a Subscription in the pass slot, a Grant as the job, a Job as the oracle → InvalidAccountData', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { subscriptionPrice: 3_000_000n, passSize: 2, passPrice: 2_000_000n });
    const user = await fundedKeypair(m.svm);
    await subscribe(m.sender, { user, model: t.model, months: 1 });
    const [sub] = await findSubscriptionAddress({ model: t.model, user: user.address });
    const { instruction, job } = await requestIx(m, t.model, user, { mode: PaymentMode.Pass });
    let before = snapshotWorld(m.svm, [user.address, job]);
    await expectProgramError(send(m.svm, user, [withAccount(instruction, 8, sub)]), 'InvalidAccountData');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address });

    const open = await openJob(m, t);
    const claim = await claimJobInstruction({ authority: m.oracle.authority, job: open.job });
    before = snapshotWorld(m.svm, [m.oracle.authority.address]);
    await expectProgramError(send(m.svm, m.oracle.authority, [withAccount(claim, 2, sub)]), 'InvalidAccountData');
    await expectProgramError(send(m.svm, m.oracle.authority, [withAccount(claim, 1, open.job)]), 'InvalidAccountData');
    expectWorldUnchanged(m.svm, before, { feePayer: m.oracle.authority.address, signatures: 2 });
  });

  it('a Model as the Config and a Model as the Oracle → InvalidAccountData', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const pause = await setPausedInstruction({ admin: m.admin, paused: true });
    const activate = await setOracleActiveInstruction({
      admin: m.admin,
      authority: m.oracle.authority.address,
      active: false,
    });
    const before = snapshotWorld(m.svm, [m.admin.address]);
    await expectProgramError(send(m.svm, m.admin, [withAccount(pause, 1, t.model)]), 'InvalidAccountData');
    await expectProgramError(send(m.svm, m.admin, [withAccount(activate, 2, t.model)]), 'InvalidAccountData');
    expectWorldUnchanged(m.svm, before, { feePayer: m.admin.address, signatures: 2 });
  });

  it('a program-owned account of the Oracle size with another discriminator (or the right one and a wrong size) → InvalidAccountData', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const { job } = await openJob(m, t);
    const attacker = await fundedKeypair(m.svm);
    const real = await fixtureOracle(m);
    const o = await fetchOracleAccount(m.sender, real.oracle);
    const body = generated
      .getOracleEncoder()
      .encode({ ...o, authority: attacker.address, attestationKey: attacker.address, active: true, capabilities: 3 });
    const claim = await claimJobInstruction({ authority: attacker, job });
    const [oracleSlot] = await findOracleAddress({ authority: attacker.address });
    const forgeries = [
      concat(generated.CONFIG_DISCRIMINATOR, body.subarray(8)), // another type's discriminator
      concat(generated.JOB_DISCRIMINATOR, body.subarray(8)),
      concat(new Uint8Array(8), body.subarray(8)), // no discriminator
      concat(body, new Uint8Array(1)), // the right discriminator, one byte too long
      body.subarray(0, body.length - 1), // ... one byte too short
    ];
    for (const data of forgeries) {
      forgeAccount(m.svm, oracleSlot, { data, owner: PROGRAM_ADDRESS });
      const before = snapshotWorld(m.svm, [attacker.address]);
      await expectProgramError(send(m.svm, attacker, [claim]), 'InvalidAccountData');
      expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
    }
    expect((await jobOf(m, job)).status).toBe(JobStatus.Open);
  });
});
