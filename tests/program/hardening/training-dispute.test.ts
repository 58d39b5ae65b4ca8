// Issue 15, case 9: a training job that ends without publishing a version
// returns its model from training to draft (the only status training starts
// from): a resolved dispute, whatever the refund, as a failure or an expiry
// did already; a dispute refunded after its deadline does too.
import {
  disputeJob,
  eventsNamed,
  fetchModelAccount,
  ModelStatus,
  parseEvents,
  refundExpired,
  resolveDispute,
} from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { cidOf, deliver, newModel, requestTrainingJob, setupMarketplace } from '../../fixtures/marketplace.js';
import { warp } from '../../fixtures/svm.js';

describe('a disputed training job', () => {
  it.each([0, 5_000, 10_000])('resolved with %i bps refunded: no version, the model back to draft', async (bps) => {
    const m = await setupMarketplace();
    const t = await newModel(m);
    const job = await requestTrainingJob(m, t);
    expect((await fetchModelAccount(m.sender, t.model)).status).toBe(ModelStatus.Training);
    await deliver(m, job, 'weights');
    await disputeJob(m.sender, { requester: t.creator, job, reasonCid: await cidOf('overfit') });
    const resolved = await resolveDispute(m.sender, { arbiter: m.arbiter, job, refundBps: bps });
    expect(eventsNamed(parseEvents(resolved.logs), 'VersionPublished')).toEqual([]);
    const model = await fetchModelAccount(m.sender, t.model);
    expect(model.status).toBe(ModelStatus.Draft);
    expect(model.versionCount).toBe(0);
    expect(model.currentVersion).toBe(0);
  });

  it('refunded after its resolution deadline: the model back to draft', async () => {
    const m = await setupMarketplace();
    const t = await newModel(m);
    const job = await requestTrainingJob(m, t);
    await deliver(m, job, 'weights');
    await disputeJob(m.sender, { requester: t.creator, job, reasonCid: await cidOf('overfit') });
    warp(m.svm, 15n * 86_400n);
    await refundExpired(m.sender, { payer: m.admin, job });
    expect((await fetchModelAccount(m.sender, t.model)).status).toBe(ModelStatus.Draft);
  });
});
