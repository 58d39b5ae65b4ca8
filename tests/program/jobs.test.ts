// How jobs end, and what each ending pays: fail_job and refund_expired
// refund in full, dispute_job within the window by the requester only,
// resolve_dispute(refund_bps) by the arbiter only with exact splits,
// settle_job once after the window, rate_job once, yank_version, and revenue
// following the asset when it is transferred.
import {
  buyPass,
  claimJob,
  closePass,
  disputeJob,
  eventsNamed,
  failJob,
  fetchJobAccount,
  fetchModelAccount,
  fetchOracleAccount,
  findConfigAddress,
  findOracleAddress,
  findVersionAddress,
  generated,
  grantAccessInstruction,
  JobStatus,
  jobPayoutParams,
  ModelmintProgramError,
  ModelStatus,
  PaymentMode,
  PROGRAM_ADDRESS,
  parseEvents,
  rateJob,
  refundExpired,
  refundExpiredInstruction,
  registerOracleInstruction,
  requestGeneration,
  resolveDispute,
  setPausedInstruction,
  settleJob,
  settleJobInstruction,
  submitResult,
  subscribe,
  TOKEN_2022_PROGRAM_ADDRESS,
  updateConfigInstruction,
  updateModelInstruction,
  withdrawRevenue,
  yankVersionInstruction,
} from '@modelmint/sdk';
import { type Address, generateKeyPairSigner, type KeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { reportCu } from '../fixtures/cu.js';
import {
  cidOf,
  deliver,
  type Marketplace,
  readyModel,
  setStatus,
  setupMarketplace,
  type TestModel,
  trainVersion,
  WINDOW,
} from '../fixtures/marketplace.js';
import {
  ata,
  bpsOf,
  deliverAndSettle,
  escrowedOf,
  expectProgramError,
  newUser,
  paymentToken,
  rentOf,
  SPL_KINDS,
  TX_FEE,
  vaultOf,
} from '../fixtures/money-helpers.js';
import { accountData, fundedKeypair, lamportsOf, send, warp } from '../fixtures/svm.js';
import { ataOf, type TestToken, tokenBalance, transferToken } from '../fixtures/tokens.js';

/** An odd price so every split rounds: 10% fee = floor(100_000.3) = 100_000. */
const PRICE = 1_000_003n;
/** Default inference timeout of the config, seconds. */
const TIMEOUT = 600n;

interface Ctx {
  m: Marketplace;
  t: TestModel;
  user: KeyPairSigner;
  token?: TestToken;
}

async function solCtx(): Promise<Ctx> {
  const m = await setupMarketplace();
  const t = await readyModel(m, { pricePerUse: PRICE });
  return { m, t, user: await fundedKeypair(m.svm) };
}

async function splCtx(tokenProgram: Address): Promise<Ctx> {
  const m = await setupMarketplace();
  const token = await paymentToken(m, tokenProgram);
  const t = await readyModel(m, { token, pricePerUse: PRICE });
  return { m, t, token, user: await newUser(m, token, 10_000_000n) };
}

async function request(c: Ctx, nonce?: bigint) {
  return requestGeneration(c.m.sender, { user: c.user, model: c.t.model, inputCid: await cidOf('job input'), nonce });
}

/** The requester's holding in the model's currency. */
async function userHolding(c: Ctx): Promise<bigint> {
  return c.token ? tokenBalance(c.m.svm, await ata(c.token, c.user.address)) : lamportsOf(c.m.svm, c.user.address);
}

async function treasuryHolding(c: Ctx): Promise<bigint> {
  return c.token
    ? tokenBalance(c.m.svm, await ata(c.token, c.m.treasury.address))
    : lamportsOf(c.m.svm, c.m.treasury.address);
}

/** The model's revenue-side holding: its lamports, or its vault's tokens. */
async function modelHolding(c: Ctx): Promise<bigint> {
  return c.token ? tokenBalance(c.m.svm, await vaultOf(c.t.model)) : lamportsOf(c.m.svm, c.t.model);
}

async function secondOracle(m: Marketplace): Promise<KeyPairSigner> {
  const authority = await fundedKeypair(m.svm);
  const attestation = await generateKeyPairSigner();
  await send(m.svm, m.admin, [
    await registerOracleInstruction({
      admin: m.admin,
      authority: authority.address,
      attestationKey: attestation.address,
      capabilities: 1,
    }),
  ]);
  return authority;
}

const CURRENCIES = [
  { label: 'SOL', ctx: solCtx, suffix: '' },
  ...SPL_KINDS.map((k) => ({ label: k.label, ctx: () => splCtx(k.tokenProgram), suffix: k.suffix })),
];

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
    const fee = bpsOf(PRICE, 1_000n);
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
    { bps: 0, refund: 0n, fee: 100_000n, payee: 900_003n, lost: 0n },
    // floor(1_000_003 × 3333 / 10 000) = 333_300; rest 666_703 → fee 66_670, payee 600_033.
    { bps: 3_333, refund: 333_300n, fee: 66_670n, payee: 600_033n, lost: 1n },
    { bps: 10_000, refund: PRICE, fee: 0n, payee: 0n, lost: 1n },
  ])('resolve_dispute($bps bps) splits the escrow exactly: refund + payee + fee = escrow', async (r) => {
    expect(r.refund + r.payee + r.fee).toBe(PRICE);
    const c = await cur.ctx();
    const req = await request(c);
    await deliver(c.m, req.job);
    const disputed = await disputeJob(c.m.sender, { requester: c.user, job: req.job, reasonCid: await cidOf('wrong') });
    expect(eventsNamed(parseEvents(disputed.logs), 'JobDisputed')).toEqual([
      { job: req.job, requester: c.user.address, reasonCid: expect.anything() },
    ]);
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
    const other = await secondOracle(c.m);
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

describe('yank_version', () => {
  async function yank(c: Ctx, version: number, owner: KeyPairSigner = c.t.creator) {
    return send(c.m.svm, owner, [
      await yankVersionInstruction({ owner, model: c.t.model, assetMint: c.t.assetMint, version }),
    ]);
  }

  it('makes requests for a yanked version fail (VersionUnavailable) while the current one still serves', async () => {
    const c = await solCtx();
    // A job on version 1 opened before the yank still completes.
    const early = await request(c);
    await trainVersion(c.m, c.t);
    expect((await fetchModelAccount(c.m.sender, c.t.model)).currentVersion).toBe(2);
    await expectProgramError(yank(c, 1, c.user), 'NotAssetHolder');
    const sent = await yank(c, 1);
    reportCu('yank_version', sent.computeUnits);
    expect(eventsNamed(parseEvents(sent.logs), 'VersionYanked')).toEqual([
      { model: c.t.model, version: 1, currentVersion: 2 },
    ]);
    const [v1] = await findVersionAddress({ model: c.t.model, version: 1 });
    const v1Data = accountData(c.m.svm, v1);
    expect(v1Data && generated.getModelVersionDecoder().decode(v1Data).yanked).toBe(true);
    await expectProgramError(
      requestGeneration(c.m.sender, { user: c.user, model: c.t.model, inputCid: await cidOf('v1'), version: 1 }),
      'VersionUnavailable',
    );
    await expectProgramError(yank(c, 1), 'VersionUnavailable');
    const current = await requestGeneration(c.m.sender, {
      user: c.user,
      model: c.t.model,
      inputCid: await cidOf('v2'),
    });
    expect((await fetchJobAccount(c.m.sender, current.job)).version).toBe(2);
    const pinned = await requestGeneration(c.m.sender, {
      user: c.user,
      model: c.t.model,
      inputCid: await cidOf('v2 pinned'),
      version: 2,
    });
    expect((await fetchJobAccount(c.m.sender, pinned.job)).version).toBe(2);
    // The early job was refunded by expiry (its deadline passed during training); nothing was lost.
    const before = lamportsOf(c.m.svm, c.user.address);
    await refundExpired(c.m.sender, { payer: c.m.admin, job: early.job });
    expect(lamportsOf(c.m.svm, c.user.address) - before).toBe(PRICE);
  });

  it('a request for a version that was never published fails; nothing moves', async () => {
    const c = await solCtx();
    const before = lamportsOf(c.m.svm, c.user.address);
    const failed = await requestGeneration(c.m.sender, {
      user: c.user,
      model: c.t.model,
      inputCid: await cidOf('x'),
      version: 9,
    }).catch((e: unknown) => e);
    // See /tmp/bugs/money.md: InvalidAccountOwner today; VersionUnavailable would say why.
    expect(failed).toBeInstanceOf(ModelmintProgramError);
    expect(lamportsOf(c.m.svm, c.user.address)).toBe(before - TX_FEE);
  });

  it('yanking the current version takes the model out of service until the next version', async () => {
    const c = await solCtx();
    await yank(c, 1);
    const model = await fetchModelAccount(c.m.sender, c.t.model);
    expect(model.currentVersion).toBe(0);
    expect(model.status).toBe(ModelStatus.Draft);
    await expectProgramError(
      requestGeneration(c.m.sender, { user: c.user, model: c.t.model, inputCid: await cidOf('x'), version: 1 }),
      'ModelNotReady',
    );
    await trainVersion(c.m, c.t);
    const retrained = await fetchModelAccount(c.m.sender, c.t.model);
    expect([retrained.currentVersion, retrained.status]).toEqual([2, ModelStatus.Ready]);
    await expectProgramError(
      requestGeneration(c.m.sender, { user: c.user, model: c.t.model, inputCid: await cidOf('x'), version: 1 }),
      'VersionUnavailable',
    );
    await requestGeneration(c.m.sender, { user: c.user, model: c.t.model, inputCid: await cidOf('x') });
  });
});

describe.each(CURRENCIES)('revenue follows the asset: $label', (cur) => {
  it('after a transfer only the new holder updates the model and withdraws all of its revenue', async () => {
    const c = await cur.ctx();
    const first = await request(c);
    await deliverAndSettle(c.m, first.job);
    const share = PRICE - bpsOf(PRICE, 1_000n);

    const buyer = await fundedKeypair(c.m.svm);
    if (c.token) await ataOf(c.m.svm, buyer, c.token, buyer.address);
    await transferToken(
      c.m.svm,
      { mint: c.t.assetMint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS, decimals: 0 },
      c.t.creator,
      buyer.address,
      1n,
    );
    const seller = c.t.creator;
    const asBuyer: TestModel = { ...c.t, creator: buyer };

    // The old holder lost control and revenue.
    await expectProgramError(
      send(c.m.svm, seller, [
        await updateModelInstruction({ owner: seller, model: c.t.model, assetMint: c.t.assetMint, pricePerUse: 1n }),
      ]),
      'NotAssetHolder',
    );
    await expectProgramError(withdrawRevenue(c.m.sender, { owner: seller, model: c.t.model }), 'NotAssetHolder');
    // Pointing at the buyer's asset account does not help the seller.
    const buyerAsset = await ata({ mint: c.t.assetMint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS }, buyer.address);
    await expectProgramError(
      send(c.m.svm, seller, [
        await updateModelInstruction({
          owner: seller,
          model: c.t.model,
          assetMint: c.t.assetMint,
          ownerAsset: buyerAsset,
          pricePerUse: 1n,
        }),
      ]),
      'NotAssetHolder',
    );
    await expectProgramError(
      send(c.m.svm, seller, [
        await grantAccessInstruction({
          owner: seller,
          model: c.t.model,
          assetMint: c.t.assetMint,
          user: seller.address,
        }),
      ]),
      'NotAssetHolder',
    );
    expect((await fetchModelAccount(c.m.sender, c.t.model)).pricePerUse).toBe(PRICE);

    // The new holder controls the model and takes the revenue earned before the sale.
    const updated = await send(c.m.svm, buyer, [
      await updateModelInstruction({
        owner: buyer,
        model: c.t.model,
        assetMint: c.t.assetMint,
        pricePerUse: 2n * PRICE,
      }),
    ]);
    expect(eventsNamed(parseEvents(updated.logs), 'ModelUpdated')[0]).toMatchObject({
      model: c.t.model,
      owner: buyer.address,
      pricePerUse: 2n * PRICE,
    });
    const holding = async () =>
      c.token ? tokenBalance(c.m.svm, await ata(c.token, buyer.address)) : lamportsOf(c.m.svm, buyer.address);
    let before = await holding();
    const withdrawn = await withdrawRevenue(c.m.sender, { owner: buyer, model: c.t.model });
    expect((await holding()) - before).toBe(c.token ? share : share - TX_FEE);
    expect(eventsNamed(parseEvents(withdrawn.logs), 'RevenueWithdrawn')[0]).toMatchObject({
      owner: buyer.address,
      amount: share,
    });

    // Later sales accrue to the new holder too.
    const second = await request(c);
    await deliverAndSettle(c.m, second.job);
    before = await holding();
    await withdrawRevenue(c.m.sender, { owner: asBuyer.creator, model: c.t.model });
    const share2 = 2n * PRICE - bpsOf(2n * PRICE, 1_000n);
    expect((await holding()) - before).toBe(c.token ? share2 : share2 - TX_FEE);
    await expectProgramError(withdrawRevenue(c.m.sender, { owner: seller, model: c.t.model }), 'NotAssetHolder');
  });
});

describe('platform settings in flight', () => {
  it('a job settles at the fee it was requested under, not a fee changed later', async () => {
    const c = await solCtx();
    const req = await request(c);
    await deliver(c.m, req.job);
    await send(c.m.svm, c.m.admin, [await updateConfigInstruction({ admin: c.m.admin, feeBps: 2_000 })]);
    const treasuryBefore = lamportsOf(c.m.svm, c.m.treasury.address);
    warp(c.m.svm, WINDOW + 1n);
    await settleJob(c.m.sender, { payer: c.m.admin, job: req.job });
    expect(lamportsOf(c.m.svm, c.m.treasury.address) - treasuryBefore).toBe(bpsOf(PRICE, 1_000n));
    // A job requested after the change pays the new fee.
    const later = await request(c);
    expect((await fetchJobAccount(c.m.sender, later.job)).feeBps).toBe(2_000);
    const before = lamportsOf(c.m.svm, c.m.treasury.address);
    await deliverAndSettle(c.m, later.job);
    expect(lamportsOf(c.m.svm, c.m.treasury.address) - before).toBe(bpsOf(PRICE, 2_000n));
  });

  it('while paused no new money comes in (Paused), but escrow can still leave: fail, expiry, settlement, withdrawal', async () => {
    const c = await solCtx();
    const t = await readyModel(c.m, { subscriptionPrice: 1_000n, passSize: 2, passPrice: 1_000n });
    const delivered = await request(c, 1n);
    await deliver(c.m, delivered.job);
    const claimed = await request(c, 2n);
    await claimJob(c.m.sender, { authority: c.m.oracle.authority, job: claimed.job });
    const open = await request(c, 3n);
    await send(c.m.svm, c.m.admin, [await setPausedInstruction({ admin: c.m.admin, paused: true })]);

    await expectProgramError(request(c, 4n), 'Paused');
    await expectProgramError(subscribe(c.m.sender, { user: c.user, model: t.model, months: 1 }), 'Paused');
    await expectProgramError(buyPass(c.m.sender, { user: c.user, model: t.model }), 'Paused');

    const before = lamportsOf(c.m.svm, c.user.address);
    await failJob(c.m.sender, { authority: c.m.oracle.authority, job: claimed.job, reasonCode: 1 });
    warp(c.m.svm, WINDOW + 1n);
    await refundExpired(c.m.sender, { payer: c.m.admin, job: open.job });
    expect(lamportsOf(c.m.svm, c.user.address) - before).toBe(2n * PRICE);
    await settleJob(c.m.sender, { payer: c.m.admin, job: delivered.job });
    const ownerBefore = lamportsOf(c.m.svm, c.t.creator.address);
    await withdrawRevenue(c.m.sender, { owner: c.t.creator, model: c.t.model });
    expect(lamportsOf(c.m.svm, c.t.creator.address) - ownerBefore).toBe(PRICE - bpsOf(PRICE, 1_000n) - TX_FEE);
  });
});

describe('a model paused by its holder', () => {
  it('takes no new payments (ModelNotReady) but lets passes close and open jobs finish', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m, { pricePerUse: PRICE, subscriptionPrice: 1_000n, passSize: 2, passPrice: 1_000n });
    const user = await fundedKeypair(m.svm);
    await buyPass(m.sender, { user, model: t.model });
    const open = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('before pause') });
    await deliver(m, open.job);
    await setStatus(m, t, ModelStatus.Paused);
    const before = lamportsOf(m.svm, user.address);
    await expectProgramError(
      requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x'), nonce: 1n }),
      'ModelNotReady',
    );
    await expectProgramError(subscribe(m.sender, { user, model: t.model, months: 1 }), 'ModelNotReady');
    await expectProgramError(
      requestGeneration(m.sender, {
        user,
        model: t.model,
        inputCid: await cidOf('x'),
        mode: PaymentMode.Pass,
        nonce: 2n,
      }),
      'ModelNotReady',
    );
    expect(lamportsOf(m.svm, user.address)).toBe(before - 3n * TX_FEE);
    await closePass(m.sender, { user, model: t.model });
    const modelBefore = lamportsOf(m.svm, t.model);
    warp(m.svm, WINDOW + 1n);
    await settleJob(m.sender, { payer: user, job: open.job });
    expect(lamportsOf(m.svm, t.model) - modelBefore).toBe(PRICE - bpsOf(PRICE, 1_000n));
  });
});

describe('payout destinations are checked', () => {
  it('SOL: settle_job refuses a foreign treasury or payee and refund_expired a foreign requester (WrongAccount)', async () => {
    const c = await solCtx();
    const attacker = await fundedKeypair(c.m.svm);
    const settled = await request(c, 1n);
    const expired = await request(c, 2n);
    await deliver(c.m, settled.job);
    warp(c.m.svm, WINDOW + 1n);
    const ctx = await jobPayoutParams(c.m.sender, settled.job);
    const attackerBefore = lamportsOf(c.m.svm, attacker.address);
    await expectProgramError(
      send(c.m.svm, attacker, [await settleJobInstruction({ ...ctx, treasury: attacker.address })]),
      'WrongAccount',
    );
    const payeeSwap = await settleJobInstruction(ctx);
    const payeeIndex = 5; // config, job, requester, model, oracle, payee
    const forged = {
      ...payeeSwap,
      accounts: payeeSwap.accounts?.map((a, i) => (i === payeeIndex ? { ...a, address: attacker.address } : a)),
    };
    await expectProgramError(send(c.m.svm, attacker, [forged]), 'WrongAccount');
    const expiredCtx = await jobPayoutParams(c.m.sender, expired.job);
    await expectProgramError(
      send(c.m.svm, attacker, [await refundExpiredInstruction({ ...expiredCtx, requester: attacker.address })]),
      'WrongAccount',
    );
    expect(lamportsOf(c.m.svm, attacker.address)).toBe(attackerBefore - 3n * TX_FEE);
    expect((await fetchJobAccount(c.m.sender, settled.job)).status).toBe(JobStatus.Delivered);
    expect((await fetchJobAccount(c.m.sender, expired.job)).status).toBe(JobStatus.Open);
    // The honest calls still work afterwards.
    await settleJob(c.m.sender, { payer: attacker, job: settled.job });
    await refundExpired(c.m.sender, { payer: attacker, job: expired.job });
  });

  it.each(SPL_KINDS)(
    '$label: refunds and fees go only to the right token accounts (InvalidTokenAccount)',
    async (kind) => {
      const c = await splCtx(kind.tokenProgram);
      if (!c.token) throw new Error('SPL context without token');
      const attacker = await newUser(c.m, c.token, 0n);
      const attackerAta = await ata(c.token, attacker.address);
      const settled = await request(c, 1n);
      const expired = await request(c, 2n);
      const disputed = await request(c, 3n);
      await deliver(c.m, settled.job);
      await deliver(c.m, disputed.job);
      await disputeJob(c.m.sender, { requester: c.user, job: disputed.job, reasonCid: await cidOf('bad') });
      warp(c.m.svm, WINDOW + 1n);

      const expiredCtx = await jobPayoutParams(c.m.sender, expired.job);
      await expectProgramError(
        send(c.m.svm, attacker, [await refundExpiredInstruction({ ...expiredCtx, requesterToken: attackerAta })]),
        'InvalidTokenAccount',
      );
      const [config] = await findConfigAddress();
      const ctx = await jobPayoutParams(c.m.sender, settled.job);
      const [oracle] = await findOracleAddress({ authority: ctx.oracleAuthority });
      const base = {
        config,
        requester: ctx.requester,
        model: ctx.model,
        oracle,
        payee: ctx.model,
        treasury: c.m.treasury.address,
        requesterToken: await ata(c.token, ctx.requester),
        treasuryToken: attackerAta,
        vault: await vaultOf(ctx.model),
        paymentMint: c.token.mint,
        tokenProgram: c.token.tokenProgram,
        systemProgram: PROGRAM_ADDRESS,
      };
      await expectProgramError(
        send(c.m.svm, attacker, [generated.getSettleJobInstruction({ ...base, job: settled.job })]),
        'InvalidTokenAccount',
      );
      await expectProgramError(
        send(c.m.svm, c.m.arbiter, [
          generated.getResolveDisputeInstruction({
            ...base,
            arbiter: c.m.arbiter,
            job: disputed.job,
            requesterToken: attackerAta,
            treasuryToken: await ata(c.token, c.m.treasury.address),
            refundBps: 5_000,
          }),
        ]),
        'InvalidTokenAccount',
      );
      expect(tokenBalance(c.m.svm, attackerAta)).toBe(0n);
      expect(tokenBalance(c.m.svm, await vaultOf(c.t.model))).toBe(3n * PRICE);
      expect(await escrowedOf(c.m, c.t.model)).toBe(3n * PRICE);
    },
  );
});
