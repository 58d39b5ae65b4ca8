// How jobs end, and what each ending pays: fail_job and refund_expired refund in full,
// settle_job once after the window.
import {
  claimJob,
  DEFAULT_DISPUTE_RESOLUTION_SECS,
  disputeJob,
  eventsNamed,
  failJob,
  fetchJobAccount,
  fetchModelAccount,
  fetchOracleAccount,
  findOracleAddress,
  JobStatus,
  parseEvents,
  refundExpired,
  resolveDispute,
  settleJob,
  submitResult,
  withdrawRevenue,
} from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { reportCu } from '../../fixtures/cu.js';
import {
  CURRENCIES,
  modelHolding,
  PRICE,
  request,
  TIMEOUT,
  treasuryHolding,
  userHolding,
} from '../../fixtures/job-context.js';
import { cidOf, deliver, WINDOW } from '../../fixtures/marketplace.js';
import { ata, escrowedOf, expectProgramError, feeOf, rentOf, TX_FEE } from '../../fixtures/money-helpers.js';
import { fundedKeypair, lamportsOf, warp } from '../../fixtures/svm.js';
import { tokenBalance } from '../../fixtures/tokens.js';

describe.each(CURRENCIES)('job endings: $label', (cur) => {
  it('fail_job refunds the escrow in full and counts a failure', async () => {
    const c = await cur.ctx();
    const req = await request(c);
    await claimJob(c.m.sender, { authority: c.m.oracle.authority, job: req.job });
    const before = await userHolding(c);
    const modelBefore = await modelHolding(c);
    const sent = await failJob(c.m.sender, { authority: c.m.oracle.authority, job: req.job, reasonCode: 42 });
    reportCu(`fail_job${cur.suffix}`, sent.computeUnits ?? 0n);
    // SOL: the requester's wallet is not the fee payer here, so the gain is the whole escrow.
    expect((await userHolding(c)) - before).toBe(PRICE);
    expect(modelBefore - (await modelHolding(c))).toBe(c.token ? PRICE : 0n);
    expect(lamportsOf(c.m.svm, req.job)).toBe(rentOf(c.m, req.job));
    expect(await escrowedOf(c.m, c.t.model)).toBe(0n);
    expect((await fetchJobAccount(c.m.sender, req.job)).status).toBe(JobStatus.Refunded);
    const [oracle] = await findOracleAddress({ authority: c.m.oracle.authority.address });
    expect((await fetchOracleAccount(c.m.sender, oracle)).failed).toBe(1n);
    expect(eventsNamed(parseEvents(sent.logs), 'JobFailed')).toEqual([
      { job: req.job, oracle, reasonCode: 42, refund: PRICE },
    ]);
    // Refunded once: failing again, expiring or settling it is refused.
    await expectProgramError(
      failJob(c.m.sender, { authority: c.m.oracle.authority, job: req.job, reasonCode: 1 }),
      'InvalidJobStatus',
    );
    warp(c.m.svm, TIMEOUT + WINDOW + 1n);
    await expectProgramError(refundExpired(c.m.sender, { payer: c.user, job: req.job }), 'InvalidJobStatus');
    expect((await userHolding(c)) - before).toBe(PRICE - (c.token ? 0n : TX_FEE));
  });

  it('refund_expired refunds in full, by anyone, only after the deadline, only once', async () => {
    const c = await cur.ctx();
    const req = await request(c);
    const deadline = (await fetchJobAccount(c.m.sender, req.job)).deadline;
    const cranker = await fundedKeypair(c.m.svm);
    await expectProgramError(refundExpired(c.m.sender, { payer: cranker, job: req.job }), 'DeadlineNotReached');
    // The deadline itself is still inside it.
    warp(c.m.svm, deadline - c.m.svm.getClock().unixTimestamp);
    await expectProgramError(refundExpired(c.m.sender, { payer: cranker, job: req.job }), 'DeadlineNotReached');
    warp(c.m.svm, 1n);
    // Too late for the oracle to claim.
    await expectProgramError(claimJob(c.m.sender, { authority: c.m.oracle.authority, job: req.job }), 'DeadlinePassed');
    const before = await userHolding(c);
    const sent = await refundExpired(c.m.sender, { payer: cranker, job: req.job });
    reportCu(`refund_expired${cur.suffix}`, sent.computeUnits ?? 0n);
    expect((await userHolding(c)) - before).toBe(PRICE);
    expect(lamportsOf(c.m.svm, req.job)).toBe(rentOf(c.m, req.job));
    expect(await escrowedOf(c.m, c.t.model)).toBe(0n);
    expect((await fetchJobAccount(c.m.sender, req.job)).status).toBe(JobStatus.Refunded);
    expect(eventsNamed(parseEvents(sent.logs), 'JobExpired')).toEqual([{ job: req.job, refund: PRICE }]);
    await expectProgramError(refundExpired(c.m.sender, { payer: cranker, job: req.job }), 'InvalidJobStatus');
    expect((await userHolding(c)) - before).toBe(PRICE);
  });

  it('refund_expired also refunds a claimed job the oracle never delivered', async () => {
    const c = await cur.ctx();
    const req = await request(c);
    await claimJob(c.m.sender, { authority: c.m.oracle.authority, job: req.job });
    warp(c.m.svm, TIMEOUT + 1n);
    await expectProgramError(
      submitResult(c.m.sender, {
        authority: c.m.oracle.authority,
        attestationSigner: c.m.oracle.attestation,
        job: req.job,
        resultCid: await cidOf('too late'),
      }),
      'DeadlinePassed',
    );
    const before = await userHolding(c);
    await refundExpired(c.m.sender, { payer: c.m.admin, job: req.job });
    expect((await userHolding(c)) - before).toBe(PRICE);
  });

  it('settle_job waits for the window, pays 90/10 once, and refuses every second ending', async () => {
    const c = await cur.ctx();
    const req = await request(c);
    await deliver(c.m, req.job);
    const deliveredAt = (await fetchJobAccount(c.m.sender, req.job)).deliveredAt;
    const cranker = await fundedKeypair(c.m.svm);
    await expectProgramError(settleJob(c.m.sender, { payer: cranker, job: req.job }), 'DisputeWindowOpen');
    warp(c.m.svm, deliveredAt + WINDOW - c.m.svm.getClock().unixTimestamp);
    await expectProgramError(settleJob(c.m.sender, { payer: cranker, job: req.job }), 'DisputeWindowOpen');
    // A delivered job is not refundable, even after its deadline.
    await expectProgramError(refundExpired(c.m.sender, { payer: cranker, job: req.job }), 'InvalidJobStatus');
    warp(c.m.svm, 1n);
    const treasuryBefore = await treasuryHolding(c);
    const modelBefore = await modelHolding(c);
    await settleJob(c.m.sender, { payer: cranker, job: req.job });
    const fee = feeOf(PRICE, 1_000n);
    expect((await treasuryHolding(c)) - treasuryBefore).toBe(fee);
    // SOL: the share lands in the model's lamports; SPL: the fee leaves the vault, the share stays.
    expect((await modelHolding(c)) - modelBefore).toBe(c.token ? -fee : PRICE - fee);
    await expectProgramError(settleJob(c.m.sender, { payer: cranker, job: req.job }), 'InvalidJobStatus');
    await expectProgramError(refundExpired(c.m.sender, { payer: cranker, job: req.job }), 'InvalidJobStatus');
    await expectProgramError(
      disputeJob(c.m.sender, { requester: c.user, job: req.job, reasonCid: await cidOf('late') }),
      'InvalidJobStatus',
    );
    await expectProgramError(
      resolveDispute(c.m.sender, { arbiter: c.m.arbiter, job: req.job, refundBps: 10_000 }),
      'InvalidJobStatus',
    );
    expect((await treasuryHolding(c)) - treasuryBefore).toBe(fee);
  });

  it.each([
    { bps: 0, refund: 0n, fee: 100_001n, payee: 900_002n, lost: 0n },
    // floor(1_000_003 × 3333 / 10 000) = 333_300; rest 666_703 → fee ceil(66_670.3) = 66_671, payee 600_032.
    { bps: 3_333, refund: 333_300n, fee: 66_671n, payee: 600_032n, lost: 1n },
    { bps: 10_000, refund: PRICE, fee: 0n, payee: 0n, lost: 1n },
  ])('resolve_dispute($bps bps) splits the escrow exactly: refund + payee + fee = escrow', async (r) => {
    expect(r.refund + r.payee + r.fee).toBe(PRICE);
    const c = await cur.ctx();
    const req = await request(c);
    await deliver(c.m, req.job);
    const disputedAt = c.m.svm.getClock().unixTimestamp;
    const disputed = await disputeJob(c.m.sender, { requester: c.user, job: req.job, reasonCid: await cidOf('wrong') });
    // The arbiter has the default 14 days to decide.
    const resolveBy = disputedAt + DEFAULT_DISPUTE_RESOLUTION_SECS;
    expect(eventsNamed(parseEvents(disputed.logs), 'JobDisputed')).toEqual([
      { job: req.job, requester: c.user.address, reasonCid: expect.anything(), resolveBy },
    ]);
    expect((await fetchJobAccount(c.m.sender, req.job)).resolveBy).toBe(resolveBy);
    expect((await fetchJobAccount(c.m.sender, req.job)).status).toBe(JobStatus.Disputed);
    // A disputed job is not settled by the crank, even after the window.
    warp(c.m.svm, WINDOW + 1n);
    await expectProgramError(settleJob(c.m.sender, { payer: c.m.admin, job: req.job }), 'InvalidJobStatus');

    const [userBefore, treasuryBefore, modelBefore] = [
      await userHolding(c),
      await treasuryHolding(c),
      await modelHolding(c),
    ];
    const grossBefore = (await fetchModelAccount(c.m.sender, c.t.model)).grossRevenue;
    const sent = await resolveDispute(c.m.sender, { arbiter: c.m.arbiter, job: req.job, refundBps: r.bps });
    if (r.bps === 3_333) reportCu(`resolve_dispute${cur.suffix}`, sent.computeUnits ?? 0n);
    // SOL: the arbiter pays the fee, so the requester's wallet moves by the refund exactly.
    expect((await userHolding(c)) - userBefore).toBe(r.refund);
    expect((await treasuryHolding(c)) - treasuryBefore).toBe(r.fee);
    expect((await modelHolding(c)) - modelBefore).toBe(c.token ? -(r.refund + r.fee) : r.payee);
    expect(lamportsOf(c.m.svm, req.job)).toBe(rentOf(c.m, req.job));
    expect(await escrowedOf(c.m, c.t.model)).toBe(0n);
    expect(eventsNamed(parseEvents(sent.logs), 'DisputeResolved')).toEqual([
      {
        job: req.job,
        arbiter: c.m.arbiter.address,
        refundBps: r.bps,
        refund: r.refund,
        payeeShare: r.payee,
        fee: r.fee,
      },
    ]);
    const job = await fetchJobAccount(c.m.sender, req.job);
    expect(job.status).toBe(JobStatus.Settled);
    expect(job.refundBps).toBe(r.bps);
    const [oracle] = await findOracleAddress({ authority: c.m.oracle.authority.address });
    expect((await fetchOracleAccount(c.m.sender, oracle)).disputesLost).toBe(r.lost);
    expect((await fetchModelAccount(c.m.sender, c.t.model)).grossRevenue - grossBefore).toBe(r.payee + r.fee);

    // Resolved once.
    await expectProgramError(
      resolveDispute(c.m.sender, { arbiter: c.m.arbiter, job: req.job, refundBps: 0 }),
      'InvalidJobStatus',
    );
    await expectProgramError(settleJob(c.m.sender, { payer: c.m.admin, job: req.job }), 'InvalidJobStatus');
    // The payee share is the holder's revenue.
    if (r.payee > 0n) {
      const ownerBefore = c.token
        ? tokenBalance(c.m.svm, await ata(c.token, c.t.creator.address))
        : lamportsOf(c.m.svm, c.t.creator.address);
      await withdrawRevenue(c.m.sender, { owner: c.t.creator, model: c.t.model });
      const ownerAfter = c.token
        ? tokenBalance(c.m.svm, await ata(c.token, c.t.creator.address))
        : lamportsOf(c.m.svm, c.t.creator.address);
      expect(ownerAfter - ownerBefore).toBe(c.token ? r.payee : r.payee - TX_FEE);
    } else {
      await expectProgramError(
        withdrawRevenue(c.m.sender, { owner: c.t.creator, model: c.t.model }),
        'NothingToWithdraw',
      );
    }
  });
});
