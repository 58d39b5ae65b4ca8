// Attack: a valid PDA of the right seeds with a lower bump. One negative test per classic Solana attack, on the
// compiled program in LiteSVM: each asserts the program's named error and that no lamport,
// token or account byte moved (a failed transaction only costs its fee payer the fee).
import {
  buyPassInstruction,
  Capability,
  Category,
  createModelInstruction,
  fetchConfigAccount,
  findVersionAddress,
  grantAccessInstruction,
  initializeConfigInstruction,
  jobPayoutParams,
  registerOracleInstruction,
  settleJobInstruction,
  subscribeInstruction,
} from '@modelmint/sdk';
import { generateKeyPairSigner, getAddressEncoder, getU32Encoder, getU64Encoder } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import {
  accountAt,
  expectProgramError,
  expectWorldUnchanged,
  nonCanonicalPda,
  seed,
  snapshotWorld,
  withAccount,
} from '../../fixtures/attack-helpers.js';
import { requestIx } from '../../fixtures/attack-scenarios.js';
import {
  cidOf,
  deliver,
  newModel,
  readyModel,
  requestTrainingJob,
  setupMarketplace,
  WINDOW,
} from '../../fixtures/marketplace.js';
import { createSvm, fundedKeypair, send, warp } from '../../fixtures/svm.js';

const addr = getAddressEncoder();

describe('non-canonical bump: a valid PDA of the right seeds with a lower bump', () => {
  it('initialize_config at a non-canonical config address → InvalidPda, nothing created', async () => {
    const svm = createSvm();
    const admin = await fundedKeypair(svm);
    const pda = await nonCanonicalPda([seed('config')]);
    const ix = await initializeConfigInstruction({ admin });
    expect(accountAt(ix, 1)).toBe(pda.canonical);
    const before = snapshotWorld(svm, [admin.address, pda.address, pda.canonical]);
    await expectProgramError(send(svm, admin, [withAccount(ix, 1, pda.address)]), 'InvalidPda');
    expectWorldUnchanged(svm, before, { feePayer: admin.address });
  });

  it('register_oracle, grant_access, buy_pass and subscribe at non-canonical addresses → InvalidPda', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { passSize: 2, passPrice: 2_000_000n, subscriptionPrice: 1_000_000n });
    const user = await fundedKeypair(m.svm);
    const u = addr.encode(user.address);
    const model = addr.encode(t.model);
    const cfg = await fetchConfigAccount(m.sender);
    const cases = [
      {
        ix: await registerOracleInstruction({
          admin: m.admin,
          authority: user.address,
          attestationKey: user.address,
          capabilities: Capability.Infer,
        }),
        index: 3,
        seeds: [seed('oracle'), u],
        payer: m.admin,
      },
      {
        ix: await grantAccessInstruction({
          owner: t.creator,
          model: t.model,
          assetMint: t.assetMint,
          user: user.address,
        }),
        index: 4,
        seeds: [seed('grant'), model, u],
        payer: t.creator,
      },
      {
        ix: await buyPassInstruction({ user, model: t.model, maxPrice: 2_000_000n, minUses: 0 }),
        index: 3,
        seeds: [seed('pass'), model, u],
        payer: user,
      },
      {
        ix: await subscribeInstruction({
          user,
          model: t.model,
          months: 1,
          maxPrice: 1_000_000n,
          treasury: cfg.treasury,
        }),
        index: 3,
        seeds: [seed('sub'), model, u],
        payer: user,
      },
    ];
    for (const c of cases) {
      const pda = await nonCanonicalPda(c.seeds);
      expect(accountAt(c.ix, c.index)).toBe(pda.canonical);
      const before = snapshotWorld(m.svm, [c.payer.address, m.treasury.address, pda.address, pda.canonical]);
      await expectProgramError(send(m.svm, c.payer, [withAccount(c.ix, c.index, pda.address)]), 'InvalidPda');
      expectWorldUnchanged(m.svm, before, { feePayer: c.payer.address });
    }
  });

  it('request_generation with a job at a non-canonical address → InvalidPda, nothing escrowed', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const user = await fundedKeypair(m.svm);
    const { instruction, job, nonce } = await requestIx(m, t.model, user);
    const pda = await nonCanonicalPda([seed('job'), addr.encode(user.address), getU64Encoder().encode(nonce)]);
    expect(pda.canonical).toBe(job);
    const before = snapshotWorld(m.svm, [user.address, pda.address, job]);
    await expectProgramError(send(m.svm, user, [withAccount(instruction, 4, pda.address)]), 'InvalidPda');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address });
  });

  it('create_model with the model at a non-canonical address → InvalidPda', async () => {
    const m = await setupMarketplace();
    const creator = await fundedKeypair(m.svm);
    const assetMint = await generateKeyPairSigner();
    const { instruction, model } = await createModelInstruction({
      creator,
      assetMint,
      category: Category.Caption,
      pricePerUse: 1n,
      cardCid: await cidOf('card'),
      name: 'n',
      symbol: 's',
      uri: 'ipfs://card',
    });
    const pda = await nonCanonicalPda([seed('model'), addr.encode(assetMint.address)]);
    expect(pda.canonical).toBe(model);
    const before = snapshotWorld(m.svm, [creator.address, assetMint.address, pda.address, model]);
    await expectProgramError(send(m.svm, creator, [withAccount(instruction, 2, pda.address)]), 'InvalidPda');
    expectWorldUnchanged(m.svm, before, { feePayer: creator.address, signatures: 2 });
  });

  it('settle_job publishing a training version at a non-canonical address → InvalidPda', async () => {
    const m = await setupMarketplace();
    const t = await newModel(m);
    const job = await requestTrainingJob(m, t, 10_000_000n);
    await deliver(m, job, 'weights');
    warp(m.svm, WINDOW + 1n);
    const ctx = await jobPayoutParams(m.sender, job);
    const ix = await settleJobInstruction({ ...ctx, payer: t.creator, nextVersion: 1 });
    const [version] = await findVersionAddress({ model: t.model, version: 1 });
    const pda = await nonCanonicalPda([seed('version'), addr.encode(t.model), getU32Encoder().encode(1)]);
    expect(accountAt(ix, 14)).toBe(version);
    const before = snapshotWorld(m.svm, [
      t.creator.address,
      m.treasury.address,
      m.oracle.authority.address,
      pda.address,
    ]);
    await expectProgramError(send(m.svm, t.creator, [withAccount(ix, 14, pda.address)]), 'InvalidPda');
    expectWorldUnchanged(m.svm, before, { feePayer: t.creator.address });
  });
});
