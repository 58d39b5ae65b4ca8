// Attack: creating an account that already exists. One negative test per classic Solana attack, on the
// compiled program in LiteSVM: each asserts the program's named error and that no lamport,
// token or account byte moved (a failed transaction only costs its fee payer the fee).
import {
  buyPass,
  Capability,
  Category,
  createModelInstruction,
  fetchConfigAccount,
  fetchModelAccount,
  fetchOracleAccount,
  findConfigAddress,
  initializeConfigInstruction,
  registerOracleInstruction,
  settleJob,
} from '@modelmint/sdk';
import { generateKeyPairSigner } from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { describe, expect, it } from 'vitest';
import {
  expectProgramError,
  expectRuntimeFailure,
  expectWorldUnchanged,
  snapshotWorld,
} from '../../fixtures/attack-helpers.js';
import { fixtureOracle, jobOf, openJob, requestIx } from '../../fixtures/attack-scenarios.js';
import { cidOf, deliver, readyModel, setupMarketplace, WINDOW } from '../../fixtures/marketplace.js';
import { fundedKeypair, lamportsOf, SOL, send, warp } from '../../fixtures/svm.js';

describe('reinitialisation: creating an account that already exists', () => {
  it('initialize_config a second time (another would-be admin) → AlreadyInitialized, config unchanged', async () => {
    const m = await setupMarketplace();
    const attacker = await fundedKeypair(m.svm);
    const [config] = await findConfigAddress();
    const before = snapshotWorld(m.svm, [attacker.address, config]);
    await expectProgramError(
      send(m.svm, attacker, [
        await initializeConfigInstruction({ admin: attacker, treasury: attacker.address, arbiter: attacker.address }),
      ]),
      'AlreadyInitialized',
    );
    expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
    expect((await fetchConfigAccount(m.sender)).admin).toBe(m.admin.address);
  });

  it('register_oracle twice for the same authority (new attestation key) → AlreadyInitialized', async () => {
    const m = await setupMarketplace();
    const real = await fixtureOracle(m);
    const attackerKey = await generateKeyPairSigner();
    const before = snapshotWorld(m.svm, [m.admin.address]);
    await expectProgramError(
      send(m.svm, m.admin, [
        await registerOracleInstruction({
          admin: m.admin,
          authority: real.authority.address,
          attestationKey: attackerKey.address,
          capabilities: Capability.Infer,
        }),
      ]),
      'AlreadyInitialized',
    );
    expectWorldUnchanged(m.svm, before, { feePayer: m.admin.address });
    expect((await fetchOracleAccount(m.sender, real.oracle)).attestationKey).toBe(real.attestation.address);
  });

  it("create_model with an existing model's asset mint is refused by the system program", async () => {
    const m = await setupMarketplace();
    const creator = await fundedKeypair(m.svm);
    const assetMint = await generateKeyPairSigner();
    const params = {
      creator,
      assetMint,
      category: Category.Caption,
      pricePerUse: 7n,
      cardCid: await cidOf('card'),
      name: 'first',
      symbol: 'F',
      uri: 'ipfs://first',
    };
    const first = await createModelInstruction(params);
    await send(m.svm, creator, [first.instruction]);
    const again = await createModelInstruction({ ...params, pricePerUse: 0n, name: 'second' });
    expect(again.model).toBe(first.model);
    const before = snapshotWorld(m.svm, [creator.address, assetMint.address]);
    await expectRuntimeFailure(send(m.svm, creator, [again.instruction]), /already in use/);
    expectWorldUnchanged(m.svm, before, { feePayer: creator.address, signatures: 2 });
    expect((await fetchModelAccount(m.sender, first.model)).pricePerUse).toBe(7n);
  });

  it('request_generation with a used job nonce → AlreadyInitialized, the first escrow untouched', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await openJob(m, t);
    const { instruction, job } = await requestIx(m, t.model, j.user, { nonce: j.nonce });
    expect(job).toBe(j.job);
    const before = snapshotWorld(m.svm, [j.user.address, j.job]);
    await expectProgramError(send(m.svm, j.user, [instruction]), 'AlreadyInitialized');
    expectWorldUnchanged(m.svm, before, { feePayer: j.user.address });
  });

  it('buy_pass over a pass with uses left → PassActive', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { passSize: 3, passPrice: 3_000_000n });
    const user = await fundedKeypair(m.svm);
    await buyPass(m.sender, { user, model: t.model });
    const before = snapshotWorld(m.svm, [user.address]);
    await expectProgramError(buyPass(m.sender, { user, model: t.model }), 'PassActive');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address });
  });

  it('lamports sent to a future PDA neither block its creation nor count as escrow', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: 2_000_000n });
    const user = await fundedKeypair(m.svm);
    const griefer = await fundedKeypair(m.svm);
    const { instruction, job } = await requestIx(m, t.model, user);
    await send(m.svm, griefer, [getTransferSolInstruction({ source: griefer, destination: job, amount: SOL })]);
    const userBefore = lamportsOf(m.svm, user.address);
    await send(m.svm, user, [instruction]);
    // The user paid the price and the fee, no rent: the pre-funding covered it.
    expect(userBefore - lamportsOf(m.svm, user.address)).toBe(2_000_000n + 5_000n);
    expect((await jobOf(m, job)).escrow).toBe(2_000_000n);
    await deliver(m, job);
    warp(m.svm, WINDOW + 1n);
    const modelBefore = lamportsOf(m.svm, t.model);
    await settleJob(m.sender, { payer: griefer, job });
    expect(lamportsOf(m.svm, t.model) - modelBefore).toBe(1_800_000n);
    expect(lamportsOf(m.svm, job)).toBe(SOL);
  });
});
