// Attack: the right bytes under another program. One negative test per classic Solana attack, on the
// compiled program in LiteSVM: each asserts the program's named error and that no lamport,
// token or account byte moved (a failed transaction only costs its fee payer the fee).
import {
  claimJobInstruction,
  fetchOracleAccount,
  findConfigAddress,
  findOracleAddress,
  generated,
  jobPayoutParams,
  SYSTEM_PROGRAM_ADDRESS,
  settleJob,
  settleJobInstruction,
  withdrawRevenueInstruction,
} from '@modelmint/sdk';
import { generateKeyPairSigner, getAddressEncoder, getU64Encoder } from '@solana/kit';
import { describe, it } from 'vitest';
import {
  dataOf,
  expectProgramError,
  expectWorldUnchanged,
  forgeAccount,
  snapshotWorld,
  withAccount,
} from '../../fixtures/attack-helpers.js';
import { deliveredJob, fixtureOracle, openJob, requestIx } from '../../fixtures/attack-scenarios.js';
import { readyModel, setupMarketplace, WINDOW } from '../../fixtures/marketplace.js';
import { fundedKeypair, send, warp } from '../../fixtures/svm.js';
import { TOKEN_PROGRAM_ADDRESS } from '../../fixtures/tokens.js';

const addr = getAddressEncoder();

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
