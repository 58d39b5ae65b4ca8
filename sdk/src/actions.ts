// High-level actions: read what they need from the chain, build the
// instructions with the right accounts, send, and return what the caller
// wants next. Every action takes a TransactionSender (RPC or test SVM).
import { type Address, generateKeyPairSigner, type MessagePartialSigner, type TransactionSigner } from '@solana/kit';
import { attestationMessage, ed25519VerifyInstruction, signAttestation } from './attestation.js';
import {
  JobKind,
  NATIVE_MINT_MARKER,
  PaymentMode,
  PROGRAM_ADDRESS,
  TOKEN_2022_PROGRAM_ADDRESS,
  TOKEN_PROGRAM_ADDRESS,
} from './constants.js';
import {
  type Config,
  getConfigDecoder,
  getJobDecoder,
  getModelDecoder,
  getOracleDecoder,
  type Job,
  type Model,
  type Oracle,
} from './generated/accounts/index.js';
import {
  buyPassInstruction,
  type CreateModelParams,
  claimJobInstruction,
  closeJobInstruction,
  closePassInstruction,
  createModelInstruction,
  disputeJobInstruction,
  failJobInstruction,
  type Payment,
  type PayoutParams,
  rateJobInstruction,
  refundExpiredInstruction,
  requestGenerationInstruction,
  requestTrainingInstruction,
  resolveDisputeInstruction,
  settleJobInstruction,
  submitResultInstruction,
  subscribeInstruction,
  withdrawRevenueInstruction,
} from './instructions/index.js';
import { findConfigAddress, findJobNonce } from './pdas.js';
import type { SentTransaction, TransactionSender } from './sender.js';

/** Options shared by every action. */
export interface ActionOptions {
  programAddress?: Address;
}

async function read<T>(sender: TransactionSender, address: Address, decode: (d: Uint8Array) => T, what: string) {
  const data = await sender.getAccountData(address);
  if (!data) throw new Error(`${what} ${address} does not exist`);
  return decode(data);
}

/** Reads and decodes a `Model`. */
export const fetchModelAccount = (s: TransactionSender, model: Address): Promise<Model> =>
  read(s, model, (d) => getModelDecoder().decode(d), 'model');
/** Reads and decodes a `Job`. */
export const fetchJobAccount = (s: TransactionSender, job: Address): Promise<Job> =>
  read(s, job, (d) => getJobDecoder().decode(d), 'job');
/** Reads and decodes an `Oracle`. */
export const fetchOracleAccount = (s: TransactionSender, oracle: Address): Promise<Oracle> =>
  read(s, oracle, (d) => getOracleDecoder().decode(d), 'oracle');
/** Reads and decodes the `Config`. */
export async function fetchConfigAccount(s: TransactionSender, o: ActionOptions = {}): Promise<Config> {
  const [config] = await findConfigAddress({ programAddress: o.programAddress });
  return read(s, config, (d) => getConfigDecoder().decode(d), 'config');
}

/** How a model is paid, from its account: `undefined` for SOL. */
export function paymentOf(model: Pick<Model, 'paymentMint' | 'tokenKind'>): Payment | undefined {
  if (model.paymentMint === NATIVE_MINT_MARKER) return undefined;
  return {
    mint: model.paymentMint,
    tokenProgram: model.tokenKind === 1 ? TOKEN_PROGRAM_ADDRESS : TOKEN_2022_PROGRAM_ADDRESS,
  };
}

/** Creates and mints a model; the asset mint keypair is generated here. */
export async function createModel(
  sender: TransactionSender,
  p: Omit<CreateModelParams, 'assetMint'> & { assetMint?: TransactionSigner },
): Promise<SentTransaction & { model: Address; assetMint: Address }> {
  const assetMint = p.assetMint ?? (await generateKeyPairSigner());
  const { instruction, model } = await createModelInstruction({ ...p, assetMint });
  const sent = await sender.send([instruction], p.creator);
  return { ...sent, model, assetMint: assetMint.address };
}

/** Pays for one generation (per use by default) with the model's current version unless `version` is given. */
export async function requestGeneration(
  sender: TransactionSender,
  p: {
    user: TransactionSigner;
    model: Address;
    inputCid: Uint8Array;
    mode?: number;
    maxPrice?: bigint;
    version?: number;
    nonce?: bigint;
  } & ActionOptions,
): Promise<SentTransaction & { job: Address; nonce: bigint }> {
  const m = await fetchModelAccount(sender, p.model);
  const { nonce } =
    p.nonce === undefined
      ? await findJobNonce({ requester: p.user.address, programAddress: p.programAddress })
      : { nonce: p.nonce };
  const { instruction, job } = await requestGenerationInstruction({
    user: p.user,
    model: p.model,
    allowlist: m.visibility === 1,
    payment: paymentOf(m),
    nonce,
    inputCid: p.inputCid,
    mode: p.mode ?? PaymentMode.PerUse,
    maxPrice: p.maxPrice ?? m.pricePerUse,
    version: p.version ?? m.currentVersion,
    pinVersion: p.version !== undefined,
    programAddress: p.programAddress,
  });
  return { ...(await sender.send([instruction], p.user)), job, nonce };
}

/** Requests training of the model by its holder. */
export async function requestTraining(
  sender: TransactionSender,
  p: {
    owner: TransactionSigner;
    model: Address;
    datasetCid: Uint8Array;
    configCid: Uint8Array;
    fee: bigint;
  } & ActionOptions,
): Promise<SentTransaction & { job: Address; nonce: bigint }> {
  const m = await fetchModelAccount(sender, p.model);
  const { nonce } = await findJobNonce({ requester: p.owner.address, programAddress: p.programAddress });
  const { instruction, job } = await requestTrainingInstruction({
    ...p,
    assetMint: m.assetMint,
    nonce,
    currentVersion: m.currentVersion,
    payment: paymentOf(m),
  });
  return { ...(await sender.send([instruction], p.owner)), job, nonce };
}

/** Subscribes for `months`, accepting at most the current price unless `maxPrice` is given. */
export async function subscribe(
  sender: TransactionSender,
  p: { user: TransactionSigner; model: Address; months: number; maxPrice?: bigint } & ActionOptions,
): Promise<SentTransaction> {
  const [m, cfg] = await Promise.all([fetchModelAccount(sender, p.model), fetchConfigAccount(sender, p)]);
  const ix = await subscribeInstruction({
    ...p,
    allowlist: m.visibility === 1,
    payment: paymentOf(m),
    treasury: cfg.treasury,
    maxPrice: p.maxPrice ?? m.subscriptionPrice * BigInt(p.months),
  });
  return sender.send([ix], p.user);
}

/** Buys a bulk pass at the current price unless `maxPrice` is given. */
export async function buyPass(
  sender: TransactionSender,
  p: { user: TransactionSigner; model: Address; maxPrice?: bigint } & ActionOptions,
): Promise<SentTransaction> {
  const m = await fetchModelAccount(sender, p.model);
  const ix = await buyPassInstruction({
    ...p,
    allowlist: m.visibility === 1,
    payment: paymentOf(m),
    maxPrice: p.maxPrice ?? m.passPrice,
  });
  return sender.send([ix], p.user);
}

/** Closes the user's pass; its unused balance comes back. */
export async function closePass(
  sender: TransactionSender,
  p: { user: TransactionSigner; model: Address } & ActionOptions,
): Promise<SentTransaction> {
  const m = await fetchModelAccount(sender, p.model);
  return sender.send([await closePassInstruction({ ...p, payment: paymentOf(m) })], p.user);
}

/** Claims a job for the oracle whose authority signs. */
export async function claimJob(
  sender: TransactionSender,
  p: { authority: TransactionSigner; job: Address } & ActionOptions,
): Promise<SentTransaction> {
  return sender.send([await claimJobInstruction(p)], p.authority);
}

/**
 * Delivers a result: signs the attestation with the oracle's attestation
 * key and sends the Ed25519 verification and `submit_result` together.
 */
export async function submitResult(
  sender: TransactionSender,
  p: {
    authority: TransactionSigner;
    attestationSigner: MessagePartialSigner;
    job: Address;
    resultCid: Uint8Array;
  } & ActionOptions,
): Promise<SentTransaction> {
  const j = await fetchJobAccount(sender, p.job);
  const message = attestationMessage({
    job: p.job,
    weightsCid: new Uint8Array(j.weightsCid),
    inputCid: new Uint8Array(j.inputCid),
    resultCid: p.resultCid,
  });
  const signature = await signAttestation(p.attestationSigner, message);
  const verify = ed25519VerifyInstruction({ publicKey: p.attestationSigner.address, signature, message });
  return sender.send([verify, await submitResultInstruction(p)], p.authority);
}

/** The payout accounts of a job, read from the chain. */
export async function jobPayoutParams(
  sender: TransactionSender,
  job: Address,
  o: ActionOptions = {},
): Promise<PayoutParams & { jobAccount: Job; modelAccount: Model }> {
  const j = await fetchJobAccount(sender, job);
  const [m, cfg] = await Promise.all([fetchModelAccount(sender, j.model), fetchConfigAccount(sender, o)]);
  const oracle = j.oracle === NATIVE_MINT_MARKER ? undefined : await fetchOracleAccount(sender, j.oracle);
  return {
    job,
    requester: j.requester,
    model: j.model,
    kind: j.kind,
    payment: paymentOf(m),
    oracleAuthority: oracle?.authority ?? NATIVE_MINT_MARKER,
    treasury: cfg.treasury,
    programAddress: o.programAddress ?? PROGRAM_ADDRESS,
    jobAccount: j,
    modelAccount: m,
  };
}

/** Settles a delivered job after the window; `payer` signs (and pays a training job's new version). */
export async function settleJob(
  sender: TransactionSender,
  p: { payer: TransactionSigner; job: Address } & ActionOptions,
): Promise<SentTransaction> {
  const ctx = await jobPayoutParams(sender, p.job, p);
  const training = ctx.kind === JobKind.Training;
  const ix = await settleJobInstruction({
    ...ctx,
    payer: training ? p.payer : undefined,
    nextVersion: training ? ctx.modelAccount.versionCount + 1 : undefined,
  });
  return sender.send([ix], p.payer);
}

/** The arbiter resolves a disputed job. */
export async function resolveDispute(
  sender: TransactionSender,
  p: { arbiter: TransactionSigner; job: Address; refundBps: number } & ActionOptions,
): Promise<SentTransaction> {
  const ctx = await jobPayoutParams(sender, p.job, p);
  return sender.send(
    [await resolveDisputeInstruction({ ...ctx, arbiter: p.arbiter, refundBps: p.refundBps })],
    p.arbiter,
  );
}

/** The claiming oracle fails a job; the requester is refunded. */
export async function failJob(
  sender: TransactionSender,
  p: { authority: TransactionSigner; job: Address; reasonCode: number } & ActionOptions,
): Promise<SentTransaction> {
  const ctx = await jobPayoutParams(sender, p.job, p);
  return sender.send(
    [await failJobInstruction({ ...ctx, authority: p.authority, reasonCode: p.reasonCode })],
    p.authority,
  );
}

/** Refunds an undelivered job after its deadline; anyone may pay the fee. */
export async function refundExpired(
  sender: TransactionSender,
  p: { payer: TransactionSigner; job: Address } & ActionOptions,
): Promise<SentTransaction> {
  const ctx = await jobPayoutParams(sender, p.job, p);
  return sender.send([await refundExpiredInstruction(ctx)], p.payer);
}

/** The requester disputes a delivered result. */
export async function disputeJob(
  sender: TransactionSender,
  p: { requester: TransactionSigner; job: Address; reasonCid: Uint8Array } & ActionOptions,
): Promise<SentTransaction> {
  return sender.send([await disputeJobInstruction(p)], p.requester);
}

/** The requester rates a settled job. */
export async function rateJob(
  sender: TransactionSender,
  p: { requester: TransactionSigner; job: Address; rating: number } & ActionOptions,
): Promise<SentTransaction> {
  const j = await fetchJobAccount(sender, p.job);
  return sender.send([rateJobInstruction({ ...p, model: j.model })], p.requester);
}

/** The asset holder withdraws the model's revenue. */
export async function withdrawRevenue(
  sender: TransactionSender,
  p: { owner: TransactionSigner; model: Address } & ActionOptions,
): Promise<SentTransaction> {
  const m = await fetchModelAccount(sender, p.model);
  const ix = await withdrawRevenueInstruction({ ...p, assetMint: m.assetMint, payment: paymentOf(m) });
  return sender.send([ix], p.owner);
}

/** The requester closes a settled or refunded job and takes back its rent. */
export async function closeJob(
  sender: TransactionSender,
  p: { requester: TransactionSigner; job: Address } & ActionOptions,
): Promise<SentTransaction> {
  return sender.send([closeJobInstruction(p)], p.requester);
}
