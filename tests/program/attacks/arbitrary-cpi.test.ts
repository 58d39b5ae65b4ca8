// Attack: a fake program where the program invokes one. One negative test per classic Solana attack, on the
// compiled program in LiteSVM: each asserts the program's named error and that no lamport,
// token or account byte moved (a failed transaction only costs its fee payer the fee).
import {
  ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
  Capability,
  Category,
  createModelInstruction,
  grantAccessInstruction,
  INSTRUCTIONS_SYSVAR_ADDRESS,
  initializeConfigInstruction,
  JobStatus,
  jobPayoutParams,
  PROGRAM_ADDRESS,
  refundExpiredInstruction,
  registerOracleInstruction,
  SYSTEM_PROGRAM_ADDRESS,
  settleJobInstruction,
  submitResultInstruction,
  subscribe,
  Visibility,
  withdrawRevenueInstruction,
} from '@modelmint/sdk';
import { generateKeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import {
  accountAt,
  dataOf,
  expectProgramError,
  expectRuntimeFailure,
  expectWorldUnchanged,
  forgeAccount,
  snapshotWorld,
  withAccount,
} from '../../fixtures/attack-helpers.js';
import { claimedJob, jobOf, openJob, requestIx, splMarket, tokenHolder } from '../../fixtures/attack-scenarios.js';
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
import { createToken, TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS } from '../../fixtures/tokens.js';

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
    const job = await requestTrainingJob(m, t, 1_000_000n);
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
