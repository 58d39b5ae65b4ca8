// close_job: a finished job's rent goes back to its requester, once.
import { closeJob, isModelmintProgramError, requestGeneration, settleJob } from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { cidOf, deliver, readyModel, setupMarketplace, WINDOW } from '../fixtures/marketplace.js';
import { fundedKeypair, lamportsOf, warp } from '../fixtures/svm.js';

describe('close_job', () => {
  it('returns the rent of a settled job to the requester and refuses open jobs and strangers', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const user = await fundedKeypair(m.svm);
    const { job } = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x') });
    const early = await closeJob(m.sender, { requester: user, job }).catch((e: unknown) => e);
    expect(isModelmintProgramError(early, 'InvalidJobStatus')).toBe(true);
    await deliver(m, job);
    warp(m.svm, WINDOW + 1n);
    await settleJob(m.sender, { payer: user, job });
    const stranger = await fundedKeypair(m.svm);
    const theft = await closeJob(m.sender, { requester: stranger, job }).catch((e: unknown) => e);
    expect(isModelmintProgramError(theft, 'Unauthorized')).toBe(true);
    const rent = lamportsOf(m.svm, job);
    expect(rent).toBeGreaterThan(0n);
    const before = lamportsOf(m.svm, user.address);
    await closeJob(m.sender, { requester: user, job });
    expect(lamportsOf(m.svm, user.address) - before).toBe(rent - 5_000n);
    expect(m.svm.getAccount(job).exists).toBe(false);
  });
});
