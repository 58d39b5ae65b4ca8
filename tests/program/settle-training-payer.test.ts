// The oracle that trained a model may crank its own settlement: the payer of
// the new version account is then also the payee of the training fee.
import { fetchModelAccount, settleJob } from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { deliver, newModel, requestTrainingJob, setupMarketplace, WINDOW } from '../fixtures/marketplace.js';
import { feesHeld } from '../fixtures/money-helpers.js';
import { lamportsOf, warp } from '../fixtures/svm.js';

describe('settling a training job', () => {
  it('works when the payer is the oracle being paid', async () => {
    const m = await setupMarketplace();
    const t = await newModel(m);
    const fee = 10_000_000n;
    const job = await requestTrainingJob(m, t, fee);
    await deliver(m, job);
    warp(m.svm, WINDOW + 1n);
    const oracle = m.oracle.authority.address;
    const before = lamportsOf(m.svm, oracle);
    const feesBefore = await feesHeld(m);
    await settleJob(m.sender, { payer: m.oracle.authority, job });
    expect((await fetchModelAccount(m.sender, t.model)).currentVersion).toBe(1);
    const versionRent = m.svm.minimumBalanceForRentExemption(BigInt(8 + 32 + 4 + 1 + 1 + 36 + 36 + 32 + 8 + 32));
    expect((await feesHeld(m)) - feesBefore).toBe(1_000_000n);
    expect(lamportsOf(m.svm, oracle) - before).toBe(9_000_000n - versionRent - 5_000n);
  });
});
