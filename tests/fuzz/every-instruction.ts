// Every instruction of the program once, through the SDK, on a fresh
// LiteSVM: shared by the compute-unit benchmark (bench/cu.ts) and the tests
// that need real accounts and events (IDL proof, event decoding).
import {
  buyPass,
  Capability,
  Category,
  cancelSubscription,
  claimJob,
  closePass,
  createModel,
  disputeJob,
  failJob,
  grantAccessInstruction,
  initializeConfigInstruction,
  type Payment,
  PaymentMode,
  rateJob,
  refundExpired,
  registerOracleInstruction,
  requestGeneration,
  requestTraining,
  resolveDispute,
  revokeAccess,
  revokeAccessInstruction,
  setOracleActiveInstruction,
  setPausedInstruction,
  setTrustedMintInstruction,
  settleJob,
  submitResult,
  subscribe,
  updateConfigInstruction,
  updateModelInstruction,
  Visibility,
  withdrawFees,
  withdrawRevenue,
  yankVersionInstruction,
} from '@modelmint/sdk';
import { type Address, generateKeyPairSigner, type Instruction, type KeyPairSigner } from '@solana/kit';
import type { LiteSVM } from 'litesvm';
import { cidOf } from '../fixtures/marketplace.js';
import { createSvm, fundedKeypair, SOL, send, svmSender, warp } from '../fixtures/svm.js';
import { createToken, fund, type TestToken, TOKEN_PROGRAM_ADDRESS } from '../fixtures/tokens.js';

/** One transaction of the scenario. */
export interface Step {
  /** The instruction's name; other paths of it carry a note in parentheses. */
  name: string;
  /** False for other paths of an instruction already recorded (not the reported figure). */
  main: boolean;
  logs: readonly string[];
}

/** What the scenario leaves behind, for tests that read real accounts. */
export interface EveryInstruction {
  svm: LiteSVM;
  steps: Step[];
  model: Address;
  /** A settled per-use job. */
  settledJob: Address;
  /** A job resolved after a dispute. */
  resolvedJob: Address;
  user: KeyPairSigner;
}

/**
 * Runs every instruction of the program once, on a model paid in SOL or in
 * the SPL `token` program's 6-decimal mint: admin, model, training, per use,
 * dispute, failure, expiry, subscription, pass, allowlist, withdrawal, yank,
 * fee withdrawal, trusted mints, subscription refunds (revocation, cancellation
 * while paused).
 */
export async function runEveryInstruction(token: 'sol' | Address = 'sol'): Promise<EveryInstruction> {
  const svm = createSvm();
  const sender = svmSender(svm);
  const steps: Step[] = [];
  const main = true;
  const extra = false;
  const record = (name: string, sent: { logs: readonly string[] }, isMain = main) => {
    steps.push({ name, main: isMain, logs: sent.logs });
  };
  const sendOne = async (name: string, payer: KeyPairSigner, ix: Instruction, isMain = main) => {
    record(name, await send(svm, payer, [ix]), isMain);
  };

  const admin = await fundedKeypair(svm);
  const treasury = await fundedKeypair(svm, SOL);
  const arbiter = await fundedKeypair(svm, SOL);
  const authority = await fundedKeypair(svm);
  const attestation = await generateKeyPairSigner();
  const creator = await fundedKeypair(svm);
  const user = await fundedKeypair(svm);

  let payment: Payment | undefined;
  let testToken: TestToken | undefined;
  if (token !== 'sol') {
    testToken = await createToken(svm, admin, token, 6);
    payment = { mint: testToken.mint, tokenProgram: token };
    for (const owner of [creator.address, user.address]) await fund(svm, testToken, owner, 1_000_000_000_000n);
    for (const owner of [treasury.address, authority.address]) await fund(svm, testToken, owner, 0n);
  }

  await sendOne(
    'initialize_config',
    admin,
    await initializeConfigInstruction({ admin, treasury: treasury.address, arbiter: arbiter.address }),
  );
  await sendOne(
    'register_oracle',
    admin,
    await registerOracleInstruction({
      admin,
      authority: authority.address,
      attestationKey: attestation.address,
      capabilities: Capability.Infer | Capability.Train,
    }),
  );
  await sendOne('update_config', admin, await updateConfigInstruction({ admin, feeBps: 1_000 }));
  await sendOne('set_paused', admin, await setPausedInstruction({ admin, paused: false }));
  await sendOne(
    'set_oracle_active',
    admin,
    await setOracleActiveInstruction({ admin, authority: authority.address, active: true }),
  );
  // A payment mint with a freeze authority, trusted by the admin (not used by the model below).
  const freezable = await createToken(svm, admin, TOKEN_PROGRAM_ADDRESS, 6, admin.address);
  await sendOne(
    'set_trusted_mint',
    admin,
    await setTrustedMintInstruction({ admin, mint: freezable.mint, trusted: true }),
  );

  const created = await createModel(sender, {
    creator,
    category: Category.Caption,
    visibility: Visibility.Public,
    pricePerUse: 1_000_000n,
    subscriptionPrice: 5_000_000n,
    passSize: 3,
    passPrice: 2_500_000n,
    cardCid: await cidOf('card'),
    name: 'Tiny Captioner',
    symbol: 'MMCAP',
    uri: 'ipfs://bafkreiexamplecardcid',
    payment,
  });
  record('create_model', created);
  const model = created.model;
  const holder = { owner: creator, model, assetMint: created.assetMint };
  await sendOne('update_model', creator, await updateModelInstruction({ ...holder, pricePerUse: 1_000_000n }));

  // Training: request, claim, submit, settle (publishes version 1).
  const training = await requestTraining(sender, {
    owner: creator,
    model,
    datasetCid: await cidOf('dataset'),
    configCid: await cidOf('config'),
    fee: 10_000_000n,
  });
  record('request_training', training);
  record('claim_job (training)', await claimJob(sender, { authority, job: training.job }), extra);
  const deliver = (job: Address, result: string) =>
    cidOf(result).then((resultCid) =>
      submitResult(sender, { authority, attestationSigner: attestation, job, resultCid }),
    );
  record('submit_result (training)', await deliver(training.job, 'weights'), extra);
  warp(svm, 86_401n);
  record(
    'settle_job (training, publishes a version)',
    await settleJob(sender, { payer: creator, job: training.job }),
    extra,
  );

  // Per use: request, claim, submit (Ed25519 check), settle, rate.
  const request = () =>
    cidOf(`input-${Math.random()}`).then((inputCid) => requestGeneration(sender, { user, model, inputCid }));
  const a = await request();
  record('request_generation', a);
  record('claim_job', await claimJob(sender, { authority, job: a.job }));
  record('submit_result', await deliver(a.job, 'result-a'));
  warp(svm, 86_401n);
  record('settle_job', await settleJob(sender, { payer: user, job: a.job }));
  record('rate_job', await rateJob(sender, { requester: user, job: a.job, rating: 5 }));

  // Dispute and resolution.
  const b = await request();
  await claimJob(sender, { authority, job: b.job });
  await deliver(b.job, 'result-b');
  record('dispute_job', await disputeJob(sender, { requester: user, job: b.job, reasonCid: await cidOf('bad') }));
  record('resolve_dispute', await resolveDispute(sender, { arbiter, job: b.job, refundBps: 5_000 }));

  // Failure and expiry refunds.
  const c = await request();
  await claimJob(sender, { authority, job: c.job });
  record('fail_job', await failJob(sender, { authority, job: c.job, reasonCode: 1 }));
  const d = await request();
  warp(svm, 601n);
  record('refund_expired', await refundExpired(sender, { payer: user, job: d.job }));

  // Subscription, then a job paid by it.
  record('subscribe', await subscribe(sender, { user, model, months: 1 }));
  record('subscribe (renewal)', await subscribe(sender, { user, model, months: 1 }), extra);
  record(
    'request_generation (subscription)',
    await requestGeneration(sender, { user, model, inputCid: await cidOf('sub'), mode: PaymentMode.Subscription }),
    extra,
  );

  // Pass: buy, use, close; buy again and lose it to a revoke.
  record('buy_pass', await buyPass(sender, { user, model }));
  record(
    'request_generation (pass)',
    await requestGeneration(sender, { user, model, inputCid: await cidOf('pass'), mode: PaymentMode.Pass }),
    extra,
  );
  record('close_pass', await closePass(sender, { user, model }));
  await sendOne('grant_access', creator, await grantAccessInstruction({ ...holder, user: user.address }));
  await buyPass(sender, { user, model });
  await sendOne(
    'revoke_access',
    creator,
    await revokeAccessInstruction({ ...holder, user: user.address, refundPass: true, payment }),
  );

  // Subscription refunds: a revocation (pro rata, from revenue), a cancellation while paused.
  record(
    'revoke_access (subscription refunded)',
    await revokeAccess(sender, { owner: creator, model, user: user.address }),
    extra,
  );
  await subscribe(sender, { user, model, months: 2 });
  await sendOne('update_model (paused)', creator, await updateModelInstruction({ ...holder, status: 3 }), extra);
  warp(svm, 31n * 86_400n);
  record('cancel_subscription', await cancelSubscription(sender, { user, model }));
  await sendOne('update_model (ready)', creator, await updateModelInstruction({ ...holder, status: 2 }), extra);

  record('withdraw_revenue', await withdrawRevenue(sender, { owner: creator, model }));
  // SOL fees accrue in the fee vault (SPL fees went to the treasury's token account).
  if (token === 'sol') record('withdraw_fees', await withdrawFees(sender, { treasury }));
  await sendOne('yank_version', creator, await yankVersionInstruction({ ...holder, version: 1 }));
  return { svm, steps, model, settledJob: a.job, resolvedJob: b.job, user };
}
