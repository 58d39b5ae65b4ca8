// One negative test per classic Solana attack, on the compiled program in
// LiteSVM: each asserts the program's named error and that no lamport, token
// or account byte moved (a failed transaction only costs its fee payer the
// fee).
import {
  ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
  buyPass,
  buyPassInstruction,
  Capability,
  Category,
  claimJobInstruction,
  closePass,
  closePassInstruction,
  createModelInstruction,
  disputeJobInstruction,
  failJobInstruction,
  fetchConfigAccount,
  fetchModelAccount,
  fetchOracleAccount,
  findConfigAddress,
  findGrantAddress,
  findOracleAddress,
  findPassAddress,
  findSubscriptionAddress,
  findVersionAddress,
  generated,
  grantAccessInstruction,
  INSTRUCTIONS_SYSVAR_ADDRESS,
  initializeConfigInstruction,
  JobStatus,
  jobPayoutParams,
  PaymentMode,
  PROGRAM_ADDRESS,
  refundExpiredInstruction,
  registerOracleInstruction,
  requestTraining,
  resolveDisputeInstruction,
  revokeAccessInstruction,
  SYSTEM_PROGRAM_ADDRESS,
  setOracleActiveInstruction,
  setPausedInstruction,
  settleJob,
  settleJobInstruction,
  submitResultInstruction,
  subscribe,
  subscribeInstruction,
  updateConfigInstruction,
  updateModelInstruction,
  Visibility,
  withdrawRevenueInstruction,
} from '@modelmint/sdk';
import { type Address, generateKeyPairSigner, getAddressEncoder, getU32Encoder, getU64Encoder } from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { describe, expect, it } from 'vitest';
import {
  accountAt,
  concat,
  dataOf,
  expectProgramError,
  expectRuntimeFailure,
  expectWorldUnchanged,
  forgeAccount,
  nonCanonicalPda,
  seed,
  snapshotWorld,
  totalLamports,
  withAccount,
  withoutSigner,
} from '../fixtures/attack-helpers.js';
import {
  claimedJob,
  deliveredJob,
  disputedJob,
  fixtureOracle,
  jobOf,
  openJob,
  requestIx,
  splMarket,
  tokenHolder,
} from '../fixtures/attack-scenarios.js';
import { cidOf, deliver, newModel, readyModel, setupMarketplace, WINDOW } from '../fixtures/marketplace.js';
import { createSvm, fundedKeypair, lamportsOf, SOL, send, warp } from '../fixtures/svm.js';
import { createToken, TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS, tokenBalance } from '../fixtures/tokens.js';

const addr = getAddressEncoder();

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

describe('wrong owner: the right bytes under another program', () => {
  it('a copy of a real Model owned by the system program or another program → InvalidAccountOwner', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: 5_000_000n });
    const user = await fundedKeypair(m.svm);
    // The same model, priced at 0, under an owner the attacker controls.
    const data = dataOf(m.svm, t.model);
    const model = generated.getModelDecoder().decode(data);
    const cheap = generated.getModelEncoder().encode({ ...model, pricePerUse: 0n });
    for (const owner of [SYSTEM_PROGRAM_ADDRESS, (await generateKeyPairSigner()).address]) {
      const fake = (await generateKeyPairSigner()).address;
      forgeAccount(m.svm, fake, { data: cheap, owner });
      const { instruction, job } = await requestIx(m, t.model, user);
      const before = snapshotWorld(m.svm, [user.address, job]);
      await expectProgramError(send(m.svm, user, [withAccount(instruction, 2, fake)]), 'InvalidAccountOwner');
      expectWorldUnchanged(m.svm, before, { feePayer: user.address });
    }
  });

  it('a forged Oracle record (attacker authority, all capabilities) under another owner → InvalidAccountOwner', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const { job } = await openJob(m, t);
    const attacker = await fundedKeypair(m.svm);
    const real = await fixtureOracle(m);
    const o = await fetchOracleAccount(m.sender, real.oracle);
    const forged = generated
      .getOracleEncoder()
      .encode({ ...o, authority: attacker.address, attestationKey: attacker.address, active: true });
    const [fake] = await findOracleAddress({ authority: attacker.address });
    forgeAccount(m.svm, fake, { data: forged, owner: (await generateKeyPairSigner()).address });
    const before = snapshotWorld(m.svm, [attacker.address, fake]);
    await expectProgramError(
      send(m.svm, attacker, [await claimJobInstruction({ authority: attacker, job })]),
      'InvalidAccountOwner',
    );
    expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
  });

  it('a forged Config (attacker treasury) under the system program in settle_job → InvalidAccountOwner', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await deliveredJob(m, t);
    warp(m.svm, WINDOW + 1n);
    const attacker = await fundedKeypair(m.svm);
    const [config] = await findConfigAddress();
    const cfg = generated.getConfigDecoder().decode(dataOf(m.svm, config));
    const fake = (await generateKeyPairSigner()).address;
    forgeAccount(m.svm, fake, {
      data: generated.getConfigEncoder().encode({ ...cfg, treasury: attacker.address, feeBps: 2_000 }),
      owner: SYSTEM_PROGRAM_ADDRESS,
    });
    const ctx = await jobPayoutParams(m.sender, j.job);
    const ix = await settleJobInstruction({ ...ctx, treasury: attacker.address });
    const before = snapshotWorld(m.svm, [attacker.address, m.treasury.address, j.job]);
    await expectProgramError(send(m.svm, attacker, [withAccount(ix, 0, fake)]), 'InvalidAccountOwner');
    expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
  });

  it('a token account "holding" the asset under SPL Token instead of Token-2022 → NotAssetHolder', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await deliveredJob(m, t);
    warp(m.svm, WINDOW + 1n);
    await settleJob(m.sender, { payer: j.user, job: j.job });
    const attacker = await fundedKeypair(m.svm);
    // A byte-exact token account: mint = asset, owner = attacker, amount 1, initialised.
    const data = new Uint8Array(165);
    data.set(addr.encode(t.assetMint), 0);
    data.set(addr.encode(attacker.address), 32);
    data.set(getU64Encoder().encode(1n), 64);
    data[108] = 1;
    const fake = (await generateKeyPairSigner()).address;
    forgeAccount(m.svm, fake, { data, owner: TOKEN_PROGRAM_ADDRESS });
    const ix = await withdrawRevenueInstruction({
      owner: attacker,
      model: t.model,
      assetMint: t.assetMint,
      ownerAsset: fake,
    });
    const before = snapshotWorld(m.svm, [attacker.address, t.model]);
    await expectProgramError(send(m.svm, attacker, [ix]), 'NotAssetHolder');
    expectWorldUnchanged(m.svm, before, { feePayer: attacker.address });
  });
});

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
    const { instruction, job } = await requestIx(m, t.model, user, { mode: PaymentMode.Subscription });
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
        ix: await buyPassInstruction({ user, model: t.model, maxPrice: 2_000_000n }),
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
    const { job } = await requestTraining(m.sender, {
      owner: t.creator,
      model: t.model,
      datasetCid: await cidOf('dataset'),
      configCid: await cidOf('config'),
      fee: 10_000_000n,
    });
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

describe('duplicate mutable accounts: one account in two roles', () => {
  it('refund_expired with the job as its own requester → WrongAccount, escrow untouched', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await openJob(m, t);
    warp(m.svm, 601n);
    const cranker = await fundedKeypair(m.svm);
    const ctx = await jobPayoutParams(m.sender, j.job);
    const ix = await refundExpiredInstruction(ctx);
    const before = snapshotWorld(m.svm, [cranker.address, j.user.address]);
    await expectProgramError(send(m.svm, cranker, [withAccount(ix, 1, j.job)]), 'WrongAccount');
    // The model in the requester's seat, the job in the model's seat.
    await expectProgramError(send(m.svm, cranker, [withAccount(ix, 1, t.model)]), 'WrongAccount');
    await expectProgramError(send(m.svm, cranker, [withAccount(ix, 2, j.job)]), 'InvalidAccountData');
    expectWorldUnchanged(m.svm, before, { feePayer: cranker.address, signatures: 3 });
  });

  it('settle_job with payee, treasury and requester swapped or merged → WrongAccount', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await deliveredJob(m, t);
    warp(m.svm, WINDOW + 1n);
    const cranker = await fundedKeypair(m.svm);
    const ctx = await jobPayoutParams(m.sender, j.job);
    const ix = await settleJobInstruction(ctx);
    // 2 requester, 3 model, 5 payee, 6 treasury.
    const bad = [
      withAccount(ix, 5, m.treasury.address),
      withAccount(ix, 6, t.model),
      withAccount(ix, 2, m.treasury.address),
      withAccount(ix, 2, t.model),
      withAccount(ix, 5, j.user.address),
      withAccount(ix, 6, j.user.address),
    ];
    const before = snapshotWorld(m.svm, [cranker.address, j.user.address, m.treasury.address]);
    for (const b of bad) await expectProgramError(send(m.svm, cranker, [b]), 'WrongAccount');
    expectWorldUnchanged(m.svm, before, { feePayer: cranker.address, signatures: bad.length });
  });

  it('a requester who is also the treasury: settle and refund alias legitimately and conserve every lamport', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: 1_000_003n });
    // The treasury wallet itself pays for a generation.
    const j = await openJob(m, t, m.treasury);
    await deliver(m, j.job);
    warp(m.svm, WINDOW + 1n);
    const cranker = await fundedKeypair(m.svm);
    const watched = [j.job, t.model, m.treasury.address];
    const total = totalLamports(m.svm, watched);
    const treasuryBefore = lamportsOf(m.svm, m.treasury.address);
    const modelBefore = lamportsOf(m.svm, t.model);
    await settleJob(m.sender, { payer: cranker, job: j.job });
    expect(totalLamports(m.svm, watched)).toBe(total);
    const fee = (1_000_003n * 1_000n) / 10_000n;
    expect(lamportsOf(m.svm, m.treasury.address) - treasuryBefore).toBe(fee);
    expect(lamportsOf(m.svm, t.model) - modelBefore).toBe(1_000_003n - fee);
    expect((await jobOf(m, j.job)).status).toBe(JobStatus.Settled);
  });

  it('SPL: the model vault as the refund, fee, withdrawal or pass-refund destination → InvalidTokenAccount', async () => {
    const m = await setupMarketplace();
    const s = await splMarket(m, TOKEN_PROGRAM_ADDRESS, { passSize: 2, passPrice: 2_000_000n });
    const { user, userToken } = await tokenHolder(m, s);
    const other = await tokenHolder(m, s);
    // An expired job to refund, a delivered one to settle, a pass to close, revenue to withdraw.
    const expired = await openJob(m, s.model, user);
    const delivered = await openJob(m, s.model, other.user);
    await deliver(m, delivered.job);
    await buyPass(m.sender, { user, model: s.model.model });
    warp(m.svm, WINDOW + 1n);
    const payer = await fundedKeypair(m.svm);
    const refund = await refundExpiredInstruction(await jobPayoutParams(m.sender, expired.job));
    const settle = await settleJobInstruction(await jobPayoutParams(m.sender, delivered.job));
    const withdraw = await withdrawRevenueInstruction({
      owner: s.model.creator,
      model: s.model.model,
      assetMint: s.model.assetMint,
      payment: s.model.payment,
    });
    const close = await closePassInstruction({ user, model: s.model.model, payment: s.model.payment });
    expect(accountAt(refund, 3)).toBe(userToken);
    expect(accountAt(settle, 9)).toBe(s.treasuryToken);
    expect(tokenBalance(m.svm, s.vault)).toBe(1_000_000n * 2n + 2_000_000n);
    const before = snapshotWorld(m.svm, [payer.address, user.address, s.model.creator.address]);
    await expectProgramError(send(m.svm, payer, [withAccount(refund, 3, s.vault)]), 'InvalidTokenAccount');
    await expectProgramError(send(m.svm, payer, [withAccount(settle, 9, s.vault)]), 'InvalidTokenAccount');
    await expectProgramError(send(m.svm, s.model.creator, [withAccount(withdraw, 3, s.vault)]), 'InvalidTokenAccount');
    await expectProgramError(send(m.svm, user, [withAccount(close, 3, s.vault)]), 'InvalidTokenAccount');
    expectWorldUnchanged(m.svm, before, [
      { feePayer: payer.address, signatures: 2 },
      { feePayer: s.model.creator.address },
      { feePayer: user.address },
    ]);
  });

  it('SPL: the vault as the paying token account of request_generation and subscribe is refused', async () => {
    const m = await setupMarketplace();
    const s = await splMarket(m, TOKEN_2022_PROGRAM_ADDRESS, { subscriptionPrice: 3_000_000n });
    const { user } = await tokenHolder(m, s);
    // Someone else's escrow sits in the vault.
    const victim = await tokenHolder(m, s);
    await openJob(m, s.model, victim.user);
    await openJob(m, s.model, victim.user);
    await openJob(m, s.model, victim.user);
    expect(tokenBalance(m.svm, s.vault)).toBe(3_000_000n);
    const { instruction, job } = await requestIx(m, s.model.model, user, { userToken: s.vault });
    const cfg = await fetchConfigAccount(m.sender);
    const sub = (o: { userToken?: Address; treasuryToken?: Address }) =>
      subscribeInstruction({
        user,
        model: s.model.model,
        months: 1,
        maxPrice: 3_000_000n,
        treasury: cfg.treasury,
        payment: s.model.payment,
        ...o,
      });
    const before = snapshotWorld(m.svm, [user.address, job]);
    // The vault's owner is the model PDA: the token program refuses the user's authority over it
    // (Token-2022 OwnerMismatch, custom error 4).
    await expectRuntimeFailure(send(m.svm, user, [instruction]), /code: 4 /);
    await expectRuntimeFailure(send(m.svm, user, [await sub({ userToken: s.vault })]), /code: 4 /);
    await expectProgramError(send(m.svm, user, [await sub({ treasuryToken: s.vault })]), 'InvalidTokenAccount');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address, signatures: 3 });
  });
});

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

describe('arbitrary CPI target: a fake program where the program invokes one', () => {
  it('SPL request_generation with the system program, Token-2022 or the ATA program as the token program → InvalidProgram', async () => {
    const m = await setupMarketplace();
    const s = await splMarket(m, TOKEN_PROGRAM_ADDRESS);
    const { user } = await tokenHolder(m, s);
    const { instruction, job } = await requestIx(m, s.model.model, user);
    expect(accountAt(instruction, 12)).toBe(TOKEN_PROGRAM_ADDRESS);
    const before = snapshotWorld(m.svm, [user.address, job]);
    for (const fake of [SYSTEM_PROGRAM_ADDRESS, TOKEN_2022_PROGRAM_ADDRESS, ASSOCIATED_TOKEN_PROGRAM_ADDRESS]) {
      await expectProgramError(send(m.svm, user, [withAccount(instruction, 12, fake)]), 'InvalidProgram');
    }
    // The program's own id is Anchor's "omitted" placeholder: the token program is missing.
    await expectProgramError(send(m.svm, user, [withAccount(instruction, 12, PROGRAM_ADDRESS)]), 'NotEnoughAccounts');
    expectWorldUnchanged(m.svm, before, { feePayer: user.address, signatures: 4 });
  });

  it('SPL refund_expired and withdraw_revenue with a fake token program → InvalidProgram', async () => {
    const m = await setupMarketplace();
    const s = await splMarket(m, TOKEN_2022_PROGRAM_ADDRESS, { subscriptionPrice: 1_000_000n });
    const { user } = await tokenHolder(m, s);
    await subscribe(m.sender, { user, model: s.model.model, months: 1 });
    const j = await openJob(m, s.model, user);
    warp(m.svm, 601n);
    const refund = await refundExpiredInstruction(await jobPayoutParams(m.sender, j.job));
    const withdraw = await withdrawRevenueInstruction({
      owner: s.model.creator,
      model: s.model.model,
      assetMint: s.model.assetMint,
      payment: s.model.payment,
    });
    const before = snapshotWorld(m.svm, [user.address, s.model.creator.address]);
    await expectProgramError(send(m.svm, user, [withAccount(refund, 6, TOKEN_PROGRAM_ADDRESS)]), 'InvalidProgram');
    await expectProgramError(
      send(m.svm, s.model.creator, [withAccount(withdraw, 6, SYSTEM_PROGRAM_ADDRESS)]),
      'InvalidProgram',
    );
    expectWorldUnchanged(m.svm, before, [{ feePayer: user.address }, { feePayer: s.model.creator.address }]);
  });

  it('create_model with fake Token-2022, ATA, system or payment token programs → InvalidProgram', async () => {
    const m = await setupMarketplace();
    const creator = await fundedKeypair(m.svm);
    const token = await createToken(m.svm, m.admin);
    const assetMint = await generateKeyPairSigner();
    const { instruction, model } = await createModelInstruction({
      creator,
      assetMint,
      category: Category.Style,
      pricePerUse: 1n,
      cardCid: await cidOf('card'),
      name: 'n',
      symbol: 's',
      uri: 'ipfs://card',
      payment: { mint: token.mint, tokenProgram: TOKEN_PROGRAM_ADDRESS },
    });
    // 4 token_2022_program, 5 associated_token_program, 6 system_program, 9 payment_token_program.
    const fakes = [
      withAccount(instruction, 4, TOKEN_PROGRAM_ADDRESS),
      withAccount(instruction, 5, TOKEN_2022_PROGRAM_ADDRESS),
      withAccount(instruction, 6, TOKEN_PROGRAM_ADDRESS),
      withAccount(instruction, 9, SYSTEM_PROGRAM_ADDRESS),
      withAccount(instruction, 9, ASSOCIATED_TOKEN_PROGRAM_ADDRESS),
    ];
    const before = snapshotWorld(m.svm, [creator.address, assetMint.address, model]);
    for (const ix of fakes) await expectProgramError(send(m.svm, creator, [ix]), 'InvalidProgram');
    expectWorldUnchanged(m.svm, before, { feePayer: creator.address, signatures: 2 * fakes.length });
  });

  it('initialize_config, register_oracle, grant_access and a training settlement with a fake system program → InvalidProgram', async () => {
    const svm = createSvm();
    const admin = await fundedKeypair(svm);
    const init = await initializeConfigInstruction({ admin });
    let before = snapshotWorld(svm, [admin.address, accountAt(init, 1)]);
    await expectProgramError(send(svm, admin, [withAccount(init, 2, TOKEN_PROGRAM_ADDRESS)]), 'InvalidProgram');
    expectWorldUnchanged(svm, before, { feePayer: admin.address });

    const m = await setupMarketplace();
    const t = await newModel(m, { visibility: Visibility.Allowlist });
    const outsider = await fundedKeypair(m.svm);
    const register = await registerOracleInstruction({
      admin: m.admin,
      authority: outsider.address,
      attestationKey: outsider.address,
      capabilities: Capability.Infer,
    });
    const grant = await grantAccessInstruction({
      owner: t.creator,
      model: t.model,
      assetMint: t.assetMint,
      user: outsider.address,
    });
    const { job } = await requestTraining(m.sender, {
      owner: t.creator,
      model: t.model,
      datasetCid: await cidOf('dataset'),
      configCid: await cidOf('config'),
      fee: 1_000_000n,
    });
    await deliver(m, job);
    warp(m.svm, WINDOW + 1n);
    const settle = await settleJobInstruction({
      ...(await jobPayoutParams(m.sender, job)),
      payer: t.creator,
      nextVersion: 1,
    });
    before = snapshotWorld(m.svm, [m.admin.address, t.creator.address, m.treasury.address, m.oracle.authority.address]);
    await expectProgramError(send(m.svm, m.admin, [withAccount(register, 4, PROGRAM_ADDRESS)]), 'InvalidProgram');
    await expectProgramError(send(m.svm, t.creator, [withAccount(grant, 5, TOKEN_PROGRAM_ADDRESS)]), 'InvalidProgram');
    await expectProgramError(
      send(m.svm, t.creator, [withAccount(settle, 15, TOKEN_PROGRAM_ADDRESS)]),
      'InvalidProgram',
    );
    expectWorldUnchanged(m.svm, before, [
      { feePayer: m.admin.address },
      { feePayer: t.creator.address, signatures: 2 },
    ]);
  });

  it('submit_result with a fake instructions sysvar is refused by the sysvar check', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await claimedJob(m, t);
    const ix = await submitResultInstruction({
      authority: m.oracle.authority,
      job: j.job,
      resultCid: await cidOf('x'),
    });
    expect(accountAt(ix, 3)).toBe(INSTRUCTIONS_SYSVAR_ADDRESS);
    const fake = (await generateKeyPairSigner()).address;
    forgeAccount(m.svm, fake, { data: dataOf(m.svm, j.job), owner: SYSTEM_PROGRAM_ADDRESS });
    const before = snapshotWorld(m.svm, [m.oracle.authority.address]);
    await expectRuntimeFailure(send(m.svm, m.oracle.authority, [withAccount(ix, 3, fake)]), /UnsupportedSysvar/);
    expectWorldUnchanged(m.svm, before, { feePayer: m.oracle.authority.address });
    expect((await jobOf(m, j.job)).status).toBe(JobStatus.Claimed);
  });
});

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
