// Issue 15, case 7: a dispute the arbiter never resolves no longer holds the
// escrow for ever. dispute_job records resolve_by = now + the config's
// resolution time (default 14 days); until then only the arbiter decides,
// after it the arbiter can no longer, and anyone refunds the requester in full
// with refund_expired.
import {
  DEFAULT_DISPUTE_RESOLUTION_SECS,
  disputeJob,
  eventsNamed,
  fetchConfigAccount,
  fetchJobAccount,
  JobStatus,
  parseEvents,
  refundExpired,
  resolveDispute,
  updateConfigInstruction,
} from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { CURRENCIES, PRICE, request, solCtx, userHolding } from '../../fixtures/job-context.js';
import { cidOf, deliver } from '../../fixtures/marketplace.js';
import { escrowedOf, expectProgramError, now } from '../../fixtures/money-helpers.js';
import { fundedKeypair, send, warp } from '../../fixtures/svm.js';

describe.each(CURRENCIES)('dispute resolution deadline: $label', (cur) => {
  it('unresolved after resolve_by, anyone refunds in full; the arbiter is then too late (DeadlinePassed)', async () => {
    const c = await cur.ctx();
    const { job } = await request(c);
    await deliver(c.m, job);
    const disputedAt = now(c.m);
    await disputeJob(c.m.sender, { requester: c.user, job, reasonCid: await cidOf('wrong') });
    const resolveBy = (await fetchJobAccount(c.m.sender, job)).resolveBy;
    expect(resolveBy).toBe(disputedAt + DEFAULT_DISPUTE_RESOLUTION_SECS);

    const cranker = await fundedKeypair(c.m.svm);
    await expectProgramError(refundExpired(c.m.sender, { payer: cranker, job }), 'DeadlineNotReached');
    warp(c.m.svm, resolveBy - now(c.m));
    // At resolve_by itself the arbiter may still decide, and nobody may refund.
    await expectProgramError(refundExpired(c.m.sender, { payer: cranker, job }), 'DeadlineNotReached');
    warp(c.m.svm, 1n);
    await expectProgramError(resolveDispute(c.m.sender, { arbiter: c.m.arbiter, job, refundBps: 0 }), 'DeadlinePassed');

    const before = await userHolding(c);
    const refunded = await refundExpired(c.m.sender, { payer: cranker, job });
    expect((await userHolding(c)) - before).toBe(PRICE);
    expect(eventsNamed(parseEvents(refunded.logs), 'JobExpired')).toEqual([{ job, refund: PRICE }]);
    expect((await fetchJobAccount(c.m.sender, job)).status).toBe(JobStatus.Refunded);
    expect(await escrowedOf(c.m, c.t.model)).toBe(0n);
    await expectProgramError(refundExpired(c.m.sender, { payer: cranker, job }), 'InvalidJobStatus');
  });
});

describe('dispute resolution time in the config', () => {
  it('the admin sets it within 60 s to 60 days (InvalidDuration otherwise); it applies to disputes opened afterwards', async () => {
    const c = await solCtx();
    const early = await request(c, 1n);
    const late = await request(c, 2n);
    await deliver(c.m, early.job);
    await deliver(c.m, late.job, 'late result');
    await disputeJob(c.m.sender, { requester: c.user, job: early.job, reasonCid: await cidOf('a') });
    const earlyBy = (await fetchJobAccount(c.m.sender, early.job)).resolveBy;

    for (const bad of [59n, 60n * 86_400n + 1n, 0n, -1n]) {
      await expectProgramError(
        send(c.m.svm, c.m.admin, [await updateConfigInstruction({ admin: c.m.admin, disputeResolutionSecs: bad })]),
        'InvalidDuration',
      );
    }
    const updated = await send(c.m.svm, c.m.admin, [
      await updateConfigInstruction({ admin: c.m.admin, disputeResolutionSecs: 3_600n }),
    ]);
    expect(eventsNamed(parseEvents(updated.logs), 'ConfigUpdated')[0]?.disputeResolutionSecs).toBe(3_600n);
    expect((await fetchConfigAccount(c.m.sender)).disputeResolutionSecs).toBe(3_600n);

    const at = now(c.m);
    await disputeJob(c.m.sender, { requester: c.user, job: late.job, reasonCid: await cidOf('b') });
    expect((await fetchJobAccount(c.m.sender, late.job)).resolveBy).toBe(at + 3_600n);
    // The earlier dispute keeps the deadline it was opened with.
    expect((await fetchJobAccount(c.m.sender, early.job)).resolveBy).toBe(earlyBy);
    warp(c.m.svm, 3_601n);
    await refundExpired(c.m.sender, { payer: c.m.admin, job: late.job });
    await expectProgramError(refundExpired(c.m.sender, { payer: c.m.admin, job: early.job }), 'DeadlineNotReached');
    await resolveDispute(c.m.sender, { arbiter: c.m.arbiter, job: early.job, refundBps: 10_000 });
  });
});
