// Attack: a signer account passed without its signature. One negative test per classic Solana attack, on the
// compiled program in LiteSVM: each asserts the program's named error and that no lamport,
// token or account byte moved (a failed transaction only costs its fee payer the fee).
import {
  buyPass,
  Capability,
  cancelSubscriptionInstruction,
  claimJobInstruction,
  closePassInstruction,
  disputeJobInstruction,
  failJobInstruction,
  findGrantAddress,
  grantAccessInstruction,
  jobPayoutParams,
  registerOracleInstruction,
  resolveDisputeInstruction,
  setPausedInstruction,
  setTrustedMintInstruction,
  subscribe,
  updateConfigInstruction,
  updateModelInstruction,
  Visibility,
  withdrawFeesInstruction,
  withdrawRevenueInstruction,
} from '@modelmint/sdk';
import { describe, it } from 'vitest';
import {
  expectProgramError,
  expectWorldUnchanged,
  snapshotWorld,
  withoutSigner,
} from '../../fixtures/attack-helpers.js';
import { claimedJob, deliveredJob, disputedJob, openJob, requestIx } from '../../fixtures/attack-scenarios.js';
import { cidOf, readyModel, setupMarketplace } from '../../fixtures/marketplace.js';
import { fundedKeypair, send } from '../../fixtures/svm.js';

describe('missing signer: the signer account is passed without its signature', () => {
  it('set_paused, update_config and register_oracle without the admin signature → MissingSignature', async () => {
    const m = await setupMarketplace();
    const attacker = await fundedKeypair(m.svm);
    const victimIxs = [
      await setPausedInstruction({ admin: m.admin, paused: true }),
      await updateConfigInstruction({ admin: m.admin, treasury: attacker.address, newAdmin: attacker.address }),
      await registerOracleInstruction({
        admin: m.admin,
        authority: attacker.address,
        attestationKey: attacker.address,
        capabilities: Capability.Infer,
      }),
    ];
    for (const ix of victimIxs) {
      const before = snapshotWorld(m.svm, [attacker.address, m.admin.address]);
      await expectProgramError(send(m.svm, attacker, [withoutSigner(ix, m.admin.address)]), 'MissingSignature');
      expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
    }
  });

  it('set_trusted_mint, withdraw_fees and cancel_subscription without their signer → MissingSignature', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { subscriptionPrice: 1_000_000n });
    const subscriber = await fundedKeypair(m.svm);
    await subscribe(m.sender, { user: subscriber, model: t.model, months: 1 });
    const attacker = await fundedKeypair(m.svm);
    const victimIxs = [
      { ix: await setTrustedMintInstruction({ admin: m.admin, mint: attacker.address, trusted: true }), by: m.admin },
      { ix: await withdrawFeesInstruction({ treasury: m.treasury }), by: m.treasury },
      { ix: await cancelSubscriptionInstruction({ user: subscriber, model: t.model }), by: subscriber },
    ];
    for (const { ix, by } of victimIxs) {
      const before = snapshotWorld(m.svm, [attacker.address, by.address]);
      await expectProgramError(send(m.svm, attacker, [withoutSigner(ix, by.address)]), 'MissingSignature');
      expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
    }
  });

  it("request_generation spending a victim's SOL without their signature → MissingSignature", async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const victim = await fundedKeypair(m.svm);
    const attacker = await fundedKeypair(m.svm);
    const { instruction, job } = await requestIx(m, t.model, victim);
    const before = snapshotWorld(m.svm, [attacker.address, victim.address, job]);
    await expectProgramError(send(m.svm, attacker, [withoutSigner(instruction, victim.address)]), 'MissingSignature');
    expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
  });

  it('update_model and grant_access without the asset holder signature → MissingSignature', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { visibility: Visibility.Allowlist });
    const attacker = await fundedKeypair(m.svm);
    const [grant] = await findGrantAddress({ model: t.model, user: attacker.address });
    for (const ix of [
      await updateModelInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint, pricePerUse: 0n }),
      await grantAccessInstruction({
        owner: t.creator,
        model: t.model,
        assetMint: t.assetMint,
        user: attacker.address,
      }),
      await withdrawRevenueInstruction({ owner: t.creator, model: t.model, assetMint: t.assetMint }),
    ]) {
      const before = snapshotWorld(m.svm, [attacker.address, t.creator.address, grant]);
      await expectProgramError(send(m.svm, attacker, [withoutSigner(ix, t.creator.address)]), 'MissingSignature');
      expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
    }
  });

  it('claim_job without the oracle authority signature → MissingSignature', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const { job } = await openJob(m, t);
    const attacker = await fundedKeypair(m.svm);
    const ix = await claimJobInstruction({ authority: m.oracle.authority, job });
    const before = snapshotWorld(m.svm, [attacker.address]);
    await expectProgramError(
      send(m.svm, attacker, [withoutSigner(ix, m.oracle.authority.address)]),
      'MissingSignature',
    );
    expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
  });

  it('fail_job without the oracle authority signature → MissingSignature', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await claimedJob(m, t);
    const attacker = await fundedKeypair(m.svm);
    const ctx = await jobPayoutParams(m.sender, j.job);
    const ix = await failJobInstruction({ ...ctx, authority: m.oracle.authority, reasonCode: 1 });
    const before = snapshotWorld(m.svm, [attacker.address, j.user.address]);
    await expectProgramError(
      send(m.svm, attacker, [withoutSigner(ix, m.oracle.authority.address)]),
      'MissingSignature',
    );
    expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
  });

  it('dispute_job without the requester signature → MissingSignature', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await deliveredJob(m, t);
    const attacker = await fundedKeypair(m.svm);
    const ix = await disputeJobInstruction({ requester: j.user, job: j.job, reasonCid: await cidOf('grief') });
    const before = snapshotWorld(m.svm, [attacker.address]);
    await expectProgramError(send(m.svm, attacker, [withoutSigner(ix, j.user.address)]), 'MissingSignature');
    expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
  });

  it('resolve_dispute without the arbiter signature → MissingSignature', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await disputedJob(m, t);
    const ctx = await jobPayoutParams(m.sender, j.job);
    const ix = await resolveDisputeInstruction({ ...ctx, arbiter: m.arbiter, refundBps: 10_000 });
    const before = snapshotWorld(m.svm, [j.user.address, m.treasury.address]);
    await expectProgramError(send(m.svm, j.user, [withoutSigner(ix, m.arbiter.address)]), 'MissingSignature');
    expectWorldUnchanged(m.svm, before, { feePayer: j.user.address });
  });

  it("close_pass without the pass holder's signature → MissingSignature", async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { passSize: 4, passPrice: 4_000_000n });
    const user = await fundedKeypair(m.svm);
    await buyPass(m.sender, { user, model: t.model });
    const attacker = await fundedKeypair(m.svm);
    const ix = await closePassInstruction({ user, model: t.model });
    const before = snapshotWorld(m.svm, [attacker.address, user.address]);
    await expectProgramError(send(m.svm, attacker, [withoutSigner(ix, user.address)]), 'MissingSignature');
    expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
  });
});
