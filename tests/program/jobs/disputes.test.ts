// dispute_job within the window by the requester only, resolve_dispute(refund_bps) by
// the arbiter only with exact splits; fail_job by the claiming oracle only; rate_job once.
import {
  Capability,
  claimJob,
  disputeJob,
  eventsNamed,
  failJob,
  fetchJobAccount,
  fetchModelAccount,
  JobStatus,
  parseEvents,
  rateJob,
  resolveDispute,
  settleJob,
  submitResult,
} from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { registerOracle } from '../../fixtures/attack-scenarios.js';
import { reportCu } from '../../fixtures/cu.js';
import { request, solCtx } from '../../fixtures/job-context.js';
import { cidOf, deliver, WINDOW } from '../../fixtures/marketplace.js';
import { deliverAndSettle, expectProgramError } from '../../fixtures/money-helpers.js';
import { fundedKeypair, lamportsOf, warp } from '../../fixtures/svm.js';

describe('disputes', () => {
  it('only the requester disputes (Unauthorized), only a delivered job, only within the window (DisputeWindowClosed)', async () => {
    const c = await solCtx();
    const req = await request(c);
    const reasonCid = await cidOf('reason');
    await expectProgramError(
      disputeJob(c.m.sender, { requester: c.user, job: req.job, reasonCid }),
      'InvalidJobStatus',
    );
    await deliver(c.m, req.job);
    const stranger = await fundedKeypair(c.m.svm);
    await expectProgramError(disputeJob(c.m.sender, { requester: stranger, job: req.job, reasonCid }), 'Unauthorized');
    await expectProgramError(
      disputeJob(c.m.sender, { requester: c.t.creator, job: req.job, reasonCid }),
      'Unauthorized',
    );
    warp(c.m.svm, WINDOW + 1n);
    await expectProgramError(
      disputeJob(c.m.sender, { requester: c.user, job: req.job, reasonCid }),
      'DisputeWindowClosed',
    );
    expect((await fetchJobAccount(c.m.sender, req.job)).status).toBe(JobStatus.Delivered);
  });

  it('a dispute at the last second of the window is accepted', async () => {
    const c = await solCtx();
    const req = await request(c);
    await deliver(c.m, req.job);
    const deliveredAt = (await fetchJobAccount(c.m.sender, req.job)).deliveredAt;
    warp(c.m.svm, deliveredAt + WINDOW - c.m.svm.getClock().unixTimestamp);
    await disputeJob(c.m.sender, { requester: c.user, job: req.job, reasonCid: await cidOf('just in time') });
    expect((await fetchJobAccount(c.m.sender, req.job)).status).toBe(JobStatus.Disputed);
  });

  it('only the arbiter resolves (Unauthorized), with at most 10 000 bps (InvalidBps); nothing moves on refusal', async () => {
    const c = await solCtx();
    const req = await request(c);
    await deliver(c.m, req.job);
    await expectProgramError(
      resolveDispute(c.m.sender, { arbiter: c.m.arbiter, job: req.job, refundBps: 5_000 }),
      'InvalidJobStatus',
    );
    await disputeJob(c.m.sender, { requester: c.user, job: req.job, reasonCid: await cidOf('bad') });
    const jobBefore = lamportsOf(c.m.svm, req.job);
    for (const impostor of [c.m.admin, c.user, c.t.creator, c.m.oracle.authority]) {
      await expectProgramError(
        resolveDispute(c.m.sender, { arbiter: impostor, job: req.job, refundBps: 10_000 }),
        'Unauthorized',
      );
    }
    await expectProgramError(
      resolveDispute(c.m.sender, { arbiter: c.m.arbiter, job: req.job, refundBps: 10_001 }),
      'InvalidBps',
    );
    expect(lamportsOf(c.m.svm, req.job)).toBe(jobBefore);
    expect((await fetchJobAccount(c.m.sender, req.job)).status).toBe(JobStatus.Disputed);
  });
});

describe('fail_job authority', () => {
  it('only the claiming oracle fails a job (Unauthorized), and only before delivery (InvalidJobStatus)', async () => {
    const c = await solCtx();
    const { authority: other } = await registerOracle(c.m, Capability.Infer);
    const req = await request(c);
    // Unclaimed: no oracle may fail it.
    await expectProgramError(
      failJob(c.m.sender, { authority: c.m.oracle.authority, job: req.job, reasonCode: 1 }),
      'Unauthorized',
    );
    await claimJob(c.m.sender, { authority: c.m.oracle.authority, job: req.job });
    await expectProgramError(failJob(c.m.sender, { authority: other, job: req.job, reasonCode: 1 }), 'Unauthorized');
    await submitResult(c.m.sender, {
      authority: c.m.oracle.authority,
      attestationSigner: c.m.oracle.attestation,
      job: req.job,
      resultCid: await cidOf('done'),
    });
    const job = await fetchJobAccount(c.m.sender, req.job);
    expect(job.status).toBe(JobStatus.Delivered);
    await expectProgramError(
      failJob(c.m.sender, { authority: c.m.oracle.authority, job: req.job, reasonCode: 1 }),
      'InvalidJobStatus',
    );
  });
});

describe('rate_job', () => {
  it('the requester rates a settled job once, 1 to 5', async () => {
    const c = await solCtx();
    const req = await request(c);
    await deliver(c.m, req.job);
    await expectProgramError(rateJob(c.m.sender, { requester: c.user, job: req.job, rating: 5 }), 'InvalidJobStatus');
    warp(c.m.svm, WINDOW + 1n);
    await settleJob(c.m.sender, { payer: c.user, job: req.job });
    await expectProgramError(rateJob(c.m.sender, { requester: c.user, job: req.job, rating: 0 }), 'InvalidRating');
    await expectProgramError(rateJob(c.m.sender, { requester: c.user, job: req.job, rating: 6 }), 'InvalidRating');
    await expectProgramError(rateJob(c.m.sender, { requester: c.t.creator, job: req.job, rating: 5 }), 'Unauthorized');
    const sent = await rateJob(c.m.sender, { requester: c.user, job: req.job, rating: 4 });
    reportCu('rate_job', sent.computeUnits ?? 0n);
    expect(eventsNamed(parseEvents(sent.logs), 'JobRated')).toEqual([{ job: req.job, model: c.t.model, rating: 4 }]);
    expect((await fetchJobAccount(c.m.sender, req.job)).rating).toBe(4);
    await expectProgramError(rateJob(c.m.sender, { requester: c.user, job: req.job, rating: 5 }), 'AlreadyRated');
    const model = await fetchModelAccount(c.m.sender, c.t.model);
    expect(model.ratingSum).toBe(4n);
    expect(model.ratingCount).toBe(1n);

    // A second job's rating adds up.
    const second = await request(c);
    await deliverAndSettle(c.m, second.job);
    await rateJob(c.m.sender, { requester: c.user, job: second.job, rating: 1 });
    const after = await fetchModelAccount(c.m.sender, c.t.model);
    expect([after.ratingSum, after.ratingCount]).toEqual([5n, 2n]);
  });
});
