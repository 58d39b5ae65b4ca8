// `npm run bench:cu`: runs every instruction of the compiled program in
// LiteSVM and records the compute units it consumed (the program's own
// invocation, CPIs included, the Ed25519 precompile excluded as the runtime
// does). Writes bench/results/cu.json ({"<instruction>": units} for SOL, plus
// "<instruction>_spl" with a Token-2022 6-decimal mint for every instruction
// that moves SPL tokens) and bench/results/cu-spl-token.json (the same SPL
// paths with a classic SPL Token mint), and prints the table with targets.
// A benchmark, not a test: it never fails on a target.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buyPass,
  Capability,
  Category,
  claimJob,
  closePass,
  createModel,
  disputeJob,
  failJob,
  grantAccessInstruction,
  initializeConfigInstruction,
  type Payment,
  PaymentMode,
  PROGRAM_ADDRESS,
  rateJob,
  refundExpired,
  registerOracleInstruction,
  requestGeneration,
  requestTraining,
  resolveDispute,
  revokeAccessInstruction,
  type SentTransaction,
  setOracleActiveInstruction,
  setPausedInstruction,
  settleJob,
  submitResult,
  subscribe,
  TOKEN_2022_PROGRAM_ADDRESS,
  TOKEN_PROGRAM_ADDRESS,
  updateConfigInstruction,
  updateModelInstruction,
  Visibility,
  withdrawRevenue,
  yankVersionInstruction,
} from '@modelmint/sdk';
import { type Address, generateKeyPairSigner, type Instruction, type KeyPairSigner } from '@solana/kit';
import { cidOf } from '../tests/fixtures/marketplace.js';
import { createSvm, fundedKeypair, REPO_ROOT, SOL, send, svmSender, warp } from '../tests/fixtures/svm.js';
import { createToken, fund, type TestToken } from '../tests/fixtures/tokens.js';

/** Instructions that move SPL tokens when the model is SPL-priced (create_model creates the vault). */
const SPL_PATHS = [
  'create_model',
  'request_training',
  'request_generation',
  'subscribe',
  'buy_pass',
  'close_pass',
  'revoke_access',
  'fail_job',
  'refund_expired',
  'resolve_dispute',
  'settle_job',
  'withdraw_revenue',
] as const;

/** Targets of issue 3 (compute units). */
function target(name: string): number {
  // create_model moves no tokens (its SPL variant also creates the vault): its own target applies.
  if (name.startsWith('create_model')) return 80_000;
  if (name.endsWith('_spl')) return 20_000;
  if (['request_generation', 'claim_job', 'submit_result', 'settle_job'].includes(name)) return 6_000;
  return 15_000;
}

/** Units consumed by the modelmint invocation at the top of the transaction. */
function unitsOf(logs: readonly string[]): number {
  const re = new RegExp(`^Program ${PROGRAM_ADDRESS} consumed (\\d+) of`);
  let units: number | undefined;
  for (const line of logs) {
    const m = re.exec(line);
    if (m?.[1]) units = Number(m[1]);
  }
  if (units === undefined) throw new Error(`no modelmint consumption line in\n${logs.join('\n')}`);
  return units;
}

type Figures = Map<string, number>;

/** Runs every instruction once on a model paid in `token` (SOL when undefined). */
async function scenario(token: 'sol' | Address): Promise<{ main: Figures; extra: Figures }> {
  const svm = createSvm();
  const sender = svmSender(svm);
  const main: Figures = new Map();
  const extra: Figures = new Map();
  const record = (name: string, sent: SentTransaction | { logs: readonly string[] }, into = main) => {
    into.set(name, unitsOf(sent.logs));
  };
  const sendOne = async (name: string, payer: KeyPairSigner, ix: Instruction, into = main) => {
    record(name, await send(svm, payer, [ix]), into);
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

  record('withdraw_revenue', await withdrawRevenue(sender, { owner: creator, model }));
  await sendOne('yank_version', creator, await yankVersionInstruction({ ...holder, version: 1 }));
  return { main, extra };
}

function pad(text: string, n: number): string {
  return text.padEnd(n);
}

async function main(): Promise<void> {
  const sol = await scenario('sol');
  const t22 = await scenario(TOKEN_2022_PROGRAM_ADDRESS);
  const classic = await scenario(TOKEN_PROGRAM_ADDRESS);

  const results: Record<string, number> = {};
  for (const [k, v] of sol.main) results[k] = v;
  for (const k of SPL_PATHS) {
    const v = t22.main.get(k);
    if (v !== undefined) results[`${k}_spl`] = v;
  }
  const classicResults: Record<string, number> = {};
  for (const k of SPL_PATHS) {
    const v = classic.main.get(k);
    if (v !== undefined) classicResults[`${k}_spl`] = v;
  }

  const dir = resolve(REPO_ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'cu.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(resolve(dir, 'cu-spl-token.json'), `${JSON.stringify(classicResults, null, 2)}\n`);

  const rows: string[] = [];
  const line = (name: string, units: number, limit: number | undefined, note = '') => {
    const mark = limit === undefined ? '' : units <= limit ? 'ok' : 'EXCEEDS';
    rows.push(
      `${pad(name, 44)} ${String(units).padStart(7)}  ${pad(limit === undefined ? '' : `<= ${limit}`, 9)} ${pad(mark, 8)}${note}`,
    );
  };
  rows.push(`${pad('instruction', 44)} ${'CU'.padStart(7)}  ${pad('target', 9)} ${pad('', 8)}`);
  rows.push('-'.repeat(80));
  const names = Object.keys(results).filter((k) => !k.endsWith('_spl'));
  for (const k of names) line(k, results[k] ?? 0, target(k));
  rows.push('');
  rows.push('SPL (Token-2022 mint, 6 decimals)           classic SPL Token mint in the note');
  for (const k of SPL_PATHS) {
    const name = `${k}_spl`;
    const v = results[name];
    if (v !== undefined) line(name, v, target(name), `classic Token: ${classicResults[name] ?? '-'}`);
  }
  rows.push('');
  rows.push('not in cu.json (other paths of the same instructions, SOL)');
  for (const [k, v] of sol.extra) line(k, v, undefined);
  console.log(rows.join('\n'));
  const over = Object.entries(results).filter(([k, v]) => v > target(k));
  console.log(
    over.length
      ? `\n${over.length} over target: ${over.map(([k, v]) => `${k} ${v} > ${target(k)}`).join(', ')}`
      : '\nevery instruction is within its target',
  );
  console.log(`\nwrote ${resolve(dir, 'cu.json')} and cu-spl-token.json`);
}

await main();
