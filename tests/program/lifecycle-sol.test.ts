// The whole life of a SOL-priced model through the SDK's actions: mint,
// train, per-use generation, settlement 90/10, withdrawal by the holder.
import {
  fetchJobAccount,
  fetchModelAccount,
  JobStatus,
  ModelStatus,
  parseEvents,
  requestGeneration,
  settleJob,
  withdrawFees,
  withdrawRevenue,
} from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { reportCu } from '../fixtures/cu.js';
import {
  cidOf,
  deliver,
  newModel,
  readyModel,
  setupMarketplace,
  trainVersion,
  WINDOW,
} from '../fixtures/marketplace.js';
import { feesHeld } from '../fixtures/money-helpers.js';
import { fundedKeypair, lamportsOf, warp } from '../fixtures/svm.js';

describe('SOL lifecycle', () => {
  it('creates a model as a Token-2022 asset and publishes version 1 after training settles', async () => {
    const m = await setupMarketplace();
    const t = await newModel(m);
    const created = await fetchModelAccount(m.sender, t.model);
    expect(created.status).toBe(ModelStatus.Draft);
    expect(created.currentVersion).toBe(0);
    await trainVersion(m, t);
    const trained = await fetchModelAccount(m.sender, t.model);
    expect(trained.status).toBe(ModelStatus.Ready);
    expect(trained.currentVersion).toBe(1);
    expect(trained.versionCount).toBe(1);
  });

  it('escrows a per-use payment and settles it 90/10 after the window', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: 1_000_000n });
    const user = await fundedKeypair(m.svm);
    const userBefore = lamportsOf(m.svm, user.address);
    const req = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('a cat') });
    reportCu('request_generation', req.computeUnits ?? 0n);
    const jobRent = lamportsOf(m.svm, req.job) - 1_000_000n;
    expect(userBefore - lamportsOf(m.svm, user.address)).toBe(1_000_000n + jobRent + 5_000n);
    expect(parseEvents(req.logs).map((e) => e.name)).toEqual(['JobRequested']);

    await deliver(m, req.job);
    expect((await fetchJobAccount(m.sender, req.job)).status).toBe(JobStatus.Delivered);
    const modelBefore = lamportsOf(m.svm, t.model);
    const feesBefore = await feesHeld(m);
    warp(m.svm, WINDOW + 1n);
    const cranker = await fundedKeypair(m.svm);
    const settled = await settleJob(m.sender, { payer: cranker, job: req.job });
    reportCu('settle_job', settled.computeUnits ?? 0n);
    expect(lamportsOf(m.svm, t.model) - modelBefore).toBe(900_000n);
    // SOL fees accrue in the fee vault; the treasury withdraws them.
    expect((await feesHeld(m)) - feesBefore).toBe(100_000n);
    // (with the training fee's 10% from readyModel)
    const accrued = await feesHeld(m);
    expect(accrued).toBe(100_000n + 1_000_000n);
    const treasuryBefore = lamportsOf(m.svm, m.treasury.address);
    const withdrawn = await withdrawFees(m.sender, { treasury: m.treasury });
    reportCu('withdraw_fees', withdrawn.computeUnits ?? 0n);
    expect(lamportsOf(m.svm, m.treasury.address) - treasuryBefore).toBe(accrued - 5_000n);
    expect(await feesHeld(m)).toBe(0n);
    expect(lamportsOf(m.svm, req.job)).toBe(jobRent);
    const job = await fetchJobAccount(m.sender, req.job);
    expect(job.status).toBe(JobStatus.Settled);
    const model = await fetchModelAccount(m.sender, t.model);
    expect(model.uses).toBe(1n);
    expect(model.grossRevenue).toBe(1_000_000n);

    const ownerBefore = lamportsOf(m.svm, t.creator.address);
    await withdrawRevenue(m.sender, { owner: t.creator, model: t.model });
    expect(lamportsOf(m.svm, t.creator.address) - ownerBefore).toBe(900_000n - 5_000n);
  });
});
