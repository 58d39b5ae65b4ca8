// Who may move a job: only a registered, active oracle with the right
// capability claims, the first claim wins, only the claimer delivers or
// fails, both before the deadline; the admin alone registers, (de)activates
// oracles and pauses new paid activity, which never blocks finishing jobs.
import {
  buyPass,
  Capability,
  claimJob,
  claimJobInstruction,
  failJob,
  failJobInstruction,
  fetchJobAccount,
  fetchModelAccount,
  fetchOracleAccount,
  findOracleAddress,
  JobStatus,
  jobPayoutParams,
  refundExpired,
  registerOracleInstruction,
  requestTraining,
  setOracleActiveInstruction,
  setPausedInstruction,
  settleJob,
  submitResult,
  subscribe,
  updateConfigInstruction,
  withdrawRevenue,
} from '@modelmint/sdk';
import { generateKeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { expectProgramError, expectWorldUnchanged, snapshotWorld } from '../fixtures/attack-helpers.js';
import {
  claimedJob,
  deliveredJob,
  fixtureOracle,
  openJob,
  registerOracle,
  requestIx,
  splMarket,
  type TestOracle,
  tokenHolder,
} from '../fixtures/attack-scenarios.js';
import {
  cidOf,
  deliver,
  type Marketplace,
  newModel,
  readyModel,
  requestTrainingJob,
  setupMarketplace,
  WINDOW,
} from '../fixtures/marketplace.js';
import { feesHeld } from '../fixtures/money-helpers.js';
import { fundedKeypair, lamportsOf, send, warp } from '../fixtures/svm.js';
import { tokenBalance } from '../fixtures/tokens.js';

/** Submits a correctly attested result for `job` as `oracle`. */
async function submitAs(m: Marketplace, oracle: TestOracle, job: Parameters<typeof claimJob>[1]['job']) {
  return submitResult(m.sender, {
    authority: oracle.authority,
    attestationSigner: oracle.attestation,
    job,
    resultCid: await cidOf(`result-${job}`),
  });
}

async function setActive(m: Marketplace, o: TestOracle, active: boolean): Promise<void> {
  await send(m.svm, m.admin, [
    await setOracleActiveInstruction({ admin: m.admin, authority: o.authority.address, active }),
  ]);
}

describe('claim_job', () => {
  it('an unregistered signer cannot claim: no oracle account → InvalidAccountOwner; a registered one not its own → Unauthorized', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const { job } = await openJob(m, t);
    const stranger = await fundedKeypair(m.svm);
    const before = snapshotWorld(m.svm, [stranger.address]);
    await expectProgramError(claimJob(m.sender, { authority: stranger, job }), 'InvalidAccountOwner');
    // The stranger signs and points at the fixture oracle's record.
    const real = await fixtureOracle(m);
    const ix = await claimJobInstruction({ authority: stranger, job });
    const hijack = {
      ...ix,
      accounts: (ix.accounts ?? []).map((a, i) => (i === 1 ? { ...a, address: real.oracle } : a)),
    };
    await expectProgramError(send(m.svm, stranger, [hijack]), 'Unauthorized');
    expectWorldUnchanged(m.svm, before, { feePayer: stranger.address, signatures: 2 });
    expect((await fetchJobAccount(m.sender, job)).status).toBe(JobStatus.Open);
  });

  it('a deactivated oracle → OracleInactive; reactivated, it claims again', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const { job } = await openJob(m, t);
    const o = await fixtureOracle(m);
    await setActive(m, o, false);
    expect((await fetchOracleAccount(m.sender, o.oracle)).active).toBe(false);
    const before = snapshotWorld(m.svm, [o.authority.address]);
    await expectProgramError(claimJob(m.sender, { authority: o.authority, job }), 'OracleInactive');
    expectWorldUnchanged(m.svm, before, { feePayer: o.authority.address });
    await setActive(m, o, true);
    await claimJob(m.sender, { authority: o.authority, job });
    const claimed = await fetchJobAccount(m.sender, job);
    expect(claimed.status).toBe(JobStatus.Claimed);
    expect(claimed.oracle).toBe(o.oracle);
  });

  it('an inference-only oracle cannot claim training, a training-only oracle cannot claim inference → MissingCapability', async () => {
    const m = await setupMarketplace();
    const infer = await registerOracle(m, Capability.Infer);
    const train = await registerOracle(m, Capability.Train);
    const t = await readyModel(m);
    const inference = await openJob(m, t);
    const { job: training } = await requestTraining(m.sender, {
      owner: t.creator,
      model: t.model,
      datasetCid: await cidOf('more data'),
      configCid: await cidOf('config'),
      fee: 5_000_000n,
    });
    const before = snapshotWorld(m.svm, [infer.authority.address, train.authority.address]);
    await expectProgramError(claimJob(m.sender, { authority: infer.authority, job: training }), 'MissingCapability');
    await expectProgramError(
      claimJob(m.sender, { authority: train.authority, job: inference.job }),
      'MissingCapability',
    );
    expectWorldUnchanged(m.svm, before, [{ feePayer: infer.authority.address }, { feePayer: train.authority.address }]);
    await claimJob(m.sender, { authority: infer.authority, job: inference.job });
    await claimJob(m.sender, { authority: train.authority, job: training });
  });

  it('the first claim wins: a second claim, by another oracle or the same one → InvalidJobStatus', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const second = await registerOracle(m);
    const j = await claimedJob(m, t);
    const first = await fixtureOracle(m);
    const before = snapshotWorld(m.svm, [second.authority.address, first.authority.address]);
    await expectProgramError(claimJob(m.sender, { authority: second.authority, job: j.job }), 'InvalidJobStatus');
    await expectProgramError(claimJob(m.sender, { authority: first.authority, job: j.job }), 'InvalidJobStatus');
    expectWorldUnchanged(m.svm, before, [
      { feePayer: second.authority.address },
      { feePayer: first.authority.address },
    ]);
    expect((await fetchJobAccount(m.sender, j.job)).oracle).toBe(first.oracle);
  });

  it('two oracles claiming in one transaction: the second claim fails and the whole transaction reverts', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const second = await registerOracle(m);
    const { job } = await openJob(m, t);
    const before = snapshotWorld(m.svm, [m.oracle.authority.address, second.authority.address]);
    await expectProgramError(
      send(m.svm, m.oracle.authority, [
        await claimJobInstruction({ authority: m.oracle.authority, job }),
        await claimJobInstruction({ authority: second.authority, job }),
      ]),
      'InvalidJobStatus',
    );
    expectWorldUnchanged(m.svm, before, { feePayer: m.oracle.authority.address, signatures: 2 });
    expect((await fetchJobAccount(m.sender, job)).status).toBe(JobStatus.Open);
  });

  it('a claim after the deadline → DeadlinePassed; the job is then refundable by anyone', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: 3_000_000n });
    const j = await openJob(m, t);
    // The deadline is request time + 600 s (inclusive); one second after it.
    warp(m.svm, 601n);
    const before = snapshotWorld(m.svm, [m.oracle.authority.address]);
    await expectProgramError(claimJob(m.sender, { authority: m.oracle.authority, job: j.job }), 'DeadlinePassed');
    expectWorldUnchanged(m.svm, before, { feePayer: m.oracle.authority.address });
    const userBefore = lamportsOf(m.svm, j.user.address);
    const cranker = await fundedKeypair(m.svm);
    await refundExpired(m.sender, { payer: cranker, job: j.job });
    expect(lamportsOf(m.svm, j.user.address) - userBefore).toBe(3_000_000n);
    expect((await fetchJobAccount(m.sender, j.job)).status).toBe(JobStatus.Refunded);
  });
});

describe('submit_result and fail_job', () => {
  it('an oracle other than the claimer cannot deliver, even with its own valid attestation → Unauthorized', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const second = await registerOracle(m);
    const j = await claimedJob(m, t);
    const before = snapshotWorld(m.svm, [second.authority.address]);
    await expectProgramError(submitAs(m, second, j.job), 'Unauthorized');
    // Ed25519 signature + fee payer signature.
    expectWorldUnchanged(m.svm, before, { feePayer: second.authority.address, signatures: 2 });
    expect((await fetchJobAccount(m.sender, j.job)).status).toBe(JobStatus.Claimed);
  });

  it('an open job cannot be delivered before a claim → Unauthorized (no oracle on the job yet)', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const { job } = await openJob(m, t);
    const o = await fixtureOracle(m);
    const before = snapshotWorld(m.svm, [o.authority.address]);
    await expectProgramError(submitAs(m, o, job), 'Unauthorized');
    expectWorldUnchanged(m.svm, before, { feePayer: o.authority.address, signatures: 2 });
  });

  it('a delivery after the deadline → DeadlinePassed', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await claimedJob(m, t);
    warp(m.svm, 601n);
    const o = await fixtureOracle(m);
    const before = snapshotWorld(m.svm, [o.authority.address]);
    await expectProgramError(submitAs(m, o, j.job), 'DeadlinePassed');
    expectWorldUnchanged(m.svm, before, { feePayer: o.authority.address, signatures: 2 });
    expect((await fetchJobAccount(m.sender, j.job)).status).toBe(JobStatus.Claimed);
  });

  it('an oracle deactivated after claiming cannot deliver (OracleInactive) but can still fail the job, refunding in full', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: 2_000_000n });
    const j = await claimedJob(m, t);
    const o = await fixtureOracle(m);
    await setActive(m, o, false);
    const before = snapshotWorld(m.svm, [o.authority.address]);
    await expectProgramError(submitAs(m, o, j.job), 'OracleInactive');
    expectWorldUnchanged(m.svm, before, { feePayer: o.authority.address, signatures: 2 });
    const userBefore = lamportsOf(m.svm, j.user.address);
    await failJob(m.sender, { authority: o.authority, job: j.job, reasonCode: 7 });
    expect(lamportsOf(m.svm, j.user.address) - userBefore).toBe(2_000_000n);
    expect((await fetchJobAccount(m.sender, j.job)).status).toBe(JobStatus.Refunded);
    expect((await fetchOracleAccount(m.sender, o.oracle)).failed).toBe(1n);
  });

  it('fail_job by an oracle other than the claimer → Unauthorized', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const second = await registerOracle(m);
    const j = await claimedJob(m, t);
    const ctx = await jobPayoutParams(m.sender, j.job);
    const before = snapshotWorld(m.svm, [second.authority.address, j.user.address]);
    await expectProgramError(
      send(m.svm, second.authority, [await failJobInstruction({ ...ctx, authority: second.authority, reasonCode: 1 })]),
      'Unauthorized',
    );
    expectWorldUnchanged(m.svm, before, { feePayer: second.authority.address });
  });
});

describe('admin-only oracle and pause controls', () => {
  it('a non-admin cannot register or (de)activate an oracle, pause, or change the config → Unauthorized', async () => {
    const m = await setupMarketplace();
    const attacker = await fundedKeypair(m.svm);
    const o = await fixtureOracle(m);
    const key = await generateKeyPairSigner();
    const ixs = [
      await registerOracleInstruction({
        admin: attacker,
        authority: attacker.address,
        attestationKey: key.address,
        capabilities: Capability.Infer | Capability.Train,
      }),
      await setOracleActiveInstruction({ admin: attacker, authority: o.authority.address, active: false }),
      await setPausedInstruction({ admin: attacker, paused: true }),
      await updateConfigInstruction({ admin: attacker, newAdmin: attacker.address, treasury: attacker.address }),
    ];
    const [attackerOracle] = await findOracleAddress({ authority: attacker.address });
    const before = snapshotWorld(m.svm, [attacker.address, attackerOracle]);
    for (const ix of ixs) await expectProgramError(send(m.svm, attacker, [ix]), 'Unauthorized');
    expectWorldUnchanged(m.svm, before, { feePayer: attacker.address, signatures: ixs.length });
  });

  it('the former admin loses every power after handing the seat over', async () => {
    const m = await setupMarketplace();
    const next = await fundedKeypair(m.svm);
    await send(m.svm, m.admin, [await updateConfigInstruction({ admin: m.admin, newAdmin: next.address })]);
    const before = snapshotWorld(m.svm, [m.admin.address]);
    await expectProgramError(
      send(m.svm, m.admin, [await setPausedInstruction({ admin: m.admin, paused: true })]),
      'Unauthorized',
    );
    expectWorldUnchanged(m.svm, before, { feePayer: m.admin.address });
    await send(m.svm, next, [await setPausedInstruction({ admin: next, paused: true })]);
  });

  it('set_paused blocks request_generation, subscribe, buy_pass and request_training (Paused), SOL and SPL', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { subscriptionPrice: 1_000_000n, passSize: 2, passPrice: 2_000_000n });
    const s = await splMarket(m, undefined, { subscriptionPrice: 1_000_000n, passSize: 2, passPrice: 2_000_000n });
    const holder = await tokenHolder(m, s);
    await send(m.svm, m.admin, [await setPausedInstruction({ admin: m.admin, paused: true })]);
    const user = await fundedKeypair(m.svm);
    const attempts: [string, () => Promise<unknown>][] = [];
    for (const [model, who] of [
      [t.model, user],
      [s.model.model, holder.user],
    ] as const) {
      attempts.push(
        ['request_generation', async () => send(m.svm, who, [(await requestIx(m, model, who)).instruction])],
        ['subscribe', () => subscribe(m.sender, { user: who, model, months: 1 })],
        ['buy_pass', () => buyPass(m.sender, { user: who, model })],
      );
    }
    attempts.push([
      'request_training',
      () =>
        requestTraining(m.sender, {
          owner: t.creator,
          model: t.model,
          datasetCid: new Uint8Array(36),
          configCid: new Uint8Array(36),
          fee: 1n,
        }),
    ]);
    const before = snapshotWorld(m.svm, [user.address, holder.user.address, t.creator.address, m.treasury.address]);
    for (const [, attempt] of attempts) await expectProgramError(attempt(), 'Paused');
    expectWorldUnchanged(m.svm, before, [
      { feePayer: user.address, signatures: 3 },
      { feePayer: holder.user.address, signatures: 3 },
      { feePayer: t.creator.address },
    ]);
  });

  it('a pause never traps money: paid jobs are still claimed, delivered, settled, failed, refunded and withdrawn', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: 1_000_000n });
    const s = await splMarket(m);
    const holder = await tokenHolder(m, s);
    const toDeliver = await openJob(m, t);
    const toFail = await claimedJob(m, t);
    const toExpire = await openJob(m, t);
    const delivered = await deliveredJob(m, t);
    const splJob = await openJob(m, s.model, holder.user);
    await send(m.svm, m.admin, [await setPausedInstruction({ admin: m.admin, paused: true })]);

    const o = await fixtureOracle(m);
    await claimJob(m.sender, { authority: o.authority, job: toDeliver.job });
    await submitAs(m, o, toDeliver.job);
    await failJob(m.sender, { authority: o.authority, job: toFail.job, reasonCode: 1 });
    await deliver(m, splJob.job);
    warp(m.svm, WINDOW + 1n);
    const cranker = await fundedKeypair(m.svm);
    const expiredBefore = lamportsOf(m.svm, toExpire.user.address);
    await refundExpired(m.sender, { payer: cranker, job: toExpire.job });
    expect(lamportsOf(m.svm, toExpire.user.address) - expiredBefore).toBe(1_000_000n);
    const feesBefore = await feesHeld(m);
    await settleJob(m.sender, { payer: cranker, job: delivered.job });
    await settleJob(m.sender, { payer: cranker, job: toDeliver.job });
    expect((await feesHeld(m)) - feesBefore).toBe(200_000n);
    const treasuryTokens = tokenBalance(m.svm, s.treasuryToken);
    await settleJob(m.sender, { payer: cranker, job: splJob.job });
    expect(tokenBalance(m.svm, s.treasuryToken) - treasuryTokens).toBe(100_000n);
    for (const job of [toDeliver.job, delivered.job, splJob.job]) {
      expect((await fetchJobAccount(m.sender, job)).status).toBe(JobStatus.Settled);
    }
    await withdrawRevenue(m.sender, { owner: t.creator, model: t.model });
    await withdrawRevenue(m.sender, { owner: s.model.creator, model: s.model.model });
  });

  it('a training job paid before a pause is claimed and settled while paused, publishing its version', async () => {
    const m = await setupMarketplace();
    const t = await newModel(m);
    const job = await requestTrainingJob(m, t, 4_000_000n);
    await send(m.svm, m.admin, [await setPausedInstruction({ admin: m.admin, paused: true })]);
    await deliver(m, job);
    warp(m.svm, WINDOW + 1n);
    await settleJob(m.sender, { payer: t.creator, job });
    expect((await fetchModelAccount(m.sender, t.model)).currentVersion).toBe(1);
  });
});
