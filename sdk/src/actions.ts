// High-level actions: read what they need from the chain, build the
// instructions with the right accounts, send, and return what the caller
// wants next. Every action takes a TransactionSender (RPC or test SVM).
import {
  type Address,
  generateKeyPairSigner,
  type Instruction,
  type MessagePartialSigner,
  type TransactionSigner,
} from '@solana/kit';
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
  getPassDecoder,
  getSubscriptionDecoder,
  type Job,
  type Model,
  type Oracle,
  type Pass,
  type Subscription,
} from './generated/accounts/index.js';
import {
  buyPassInstruction,
  type CreateModelParams,
  cancelSubscriptionInstruction,
  claimJobInstruction,
  closeJobInstruction,
  closePassInstruction,
  createModelInstruction,
  createTokenAccountIdempotentInstruction,
  disputeJobInstruction,
  failJobInstruction,
  type Payment,
  type PayoutParams,
  rateJobInstruction,
  refundExpiredInstruction,
  requestGenerationInstruction,
  requestTrainingInstruction,
  resolveDisputeInstruction,
  revokeAccessInstruction,
  setTrustedMintInstruction,
  settleJobInstruction,
  submitResultInstruction,
  subscribeInstruction,
  transferLamportsInstruction,
  transferTokensInstruction,
  withdrawFeesInstruction,
  withdrawRevenueInstruction,
} from './instructions/index.js';
import {
  findAssociatedTokenAddress,
  findConfigAddress,
  findJobNonce,
  findPassAddress,
  findSubscriptionAddress,
  findVaultAddress,
} from './pdas.js';
import type { SentTransaction, TransactionSender } from './sender.js';
import { unusedSubscriptionValue } from './subscriptions.js';

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

/** Reads and decodes a wallet's `Subscription` to a model, or `null` when it has none. */
export async function fetchSubscriptionAccount(
  s: TransactionSender,
  p: { model: Address; user: Address } & ActionOptions,
): Promise<Subscription | null> {
  const [address] = await findSubscriptionAddress(p);
  const data = await s.getAccountData(address);
  return data ? getSubscriptionDecoder().decode(data) : null;
}

/** Reads and decodes a wallet's `Pass` on a model, or `null` when it has none. */
export async function fetchPassAccount(
  s: TransactionSender,
  p: { model: Address; user: Address } & ActionOptions,
): Promise<Pass | null> {
  const [address] = await findPassAddress(p);
  const data = await s.getAccountData(address);
  return data ? getPassDecoder().decode(data) : null;
}

/**
 * Instructions creating the token accounts of `owners` for an SPL payment
 * where they do not exist yet (paid by `payer`), so a payout to a wallet
 * that never held the token, or closed its account, does not fail.
 */
export async function missingTokenAccounts(
  sender: TransactionSender,
  payer: TransactionSigner,
  payment: Payment | undefined,
  owners: Address[],
): Promise<Instruction[]> {
  if (!payment) return [];
  const out: Instruction[] = [];
  for (const wallet of new Set(owners)) {
    const ata = await findAssociatedTokenAddress({ wallet, mint: payment.mint, tokenProgram: payment.tokenProgram });
    if (!(await sender.getAccountData(ata))) {
      out.push(await createTokenAccountIdempotentInstruction({ payer, wallet, payment }));
    }
  }
  return out;
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
  const payment = paymentOf(m);
  const ix = await subscribeInstruction({
    ...p,
    allowlist: m.visibility === 1,
    payment,
    treasury: cfg.treasury,
    maxPrice: p.maxPrice ?? m.subscriptionPrice * BigInt(p.months),
  });
  return sender.send([...(await missingTokenAccounts(sender, p.user, payment, [cfg.treasury])), ix], p.user);
}

/**
 * Buys a bulk pass at the current terms: at most the current price and at
 * least the current number of uses, unless `maxPrice` / `minUses` are given,
 * so a change by the holder in flight makes the purchase fail instead.
 */
export async function buyPass(
  sender: TransactionSender,
  p: { user: TransactionSigner; model: Address; maxPrice?: bigint; minUses?: number } & ActionOptions,
): Promise<SentTransaction> {
  const m = await fetchModelAccount(sender, p.model);
  const ix = await buyPassInstruction({
    ...p,
    allowlist: m.visibility === 1,
    payment: paymentOf(m),
    maxPrice: p.maxPrice ?? m.passPrice,
    minUses: p.minUses ?? m.passSize,
  });
  return sender.send([ix], p.user);
}

/** Cancels the user's subscription while the model is paused; the unused time comes back pro rata. */
export async function cancelSubscription(
  sender: TransactionSender,
  p: { user: TransactionSigner; model: Address } & ActionOptions,
): Promise<SentTransaction> {
  const m = await fetchModelAccount(sender, p.model);
  return sender.send([await cancelSubscriptionInstruction({ ...p, payment: paymentOf(m) })], p.user);
}

/**
 * The asset holder revokes `user`: closes its grant (if any), refunds its
 * pass and its subscription's unused time (whichever exist). When the
 * subscription refund is more than the model's withdrawable revenue (the
 * holder withdrew it), the holder's wallet tops the model up first in the
 * same transaction (for SOL only with a sender that has `getBalance`;
 * without it a short revenue fails with `InsufficientRevenue`).
 */
export async function revokeAccess(
  sender: TransactionSender,
  p: { owner: TransactionSigner; model: Address; user: Address; ownerToken?: Address } & ActionOptions,
): Promise<SentTransaction> {
  const m = await fetchModelAccount(sender, p.model);
  const payment = paymentOf(m);
  const [sub, pass, now] = await Promise.all([
    fetchSubscriptionAccount(sender, p),
    fetchPassAccount(sender, p),
    sender.getUnixTime(),
  ]);
  const before: Instruction[] = [];
  const refund = sub ? unusedSubscriptionValue(sub, now) : 0n;
  const available = refund > 0n ? await withdrawableRevenue(sender, p.model, m, p) : undefined;
  if (available !== undefined) {
    const shortfall = refund - available;
    if (shortfall > 0n) {
      before.push(
        payment
          ? await transferTokensInstruction({
              from: p.owner,
              fromToken: p.ownerToken,
              to: (await findVaultAddress({ model: p.model, programAddress: p.programAddress }))[0],
              payment,
              decimals: m.decimals,
              amount: shortfall,
            })
          : transferLamportsInstruction({ from: p.owner, to: p.model, lamports: shortfall }),
      );
    }
  }
  if (sub || pass) before.push(...(await missingTokenAccounts(sender, p.owner, payment, [p.user])));
  const ix = await revokeAccessInstruction({
    ...p,
    assetMint: m.assetMint,
    payment,
    refundPass: pass !== null,
    refundSubscription: sub !== null,
  });
  return sender.send([...before, ix], p.owner);
}

/** Rent-exempt minimum of a `Model` account (lamports), as the program reserves it. */
const MODEL_RENT = (space: bigint) => (space + 128n) * 6_960n;

/**
 * What the model's holder could withdraw now: SOL above the model's rent
 * (undefined when the sender cannot read balances), or vault tokens not owed
 * to escrow.
 */
export async function withdrawableRevenue(
  sender: TransactionSender,
  model: Address,
  m: Model,
  o: ActionOptions = {},
): Promise<bigint | undefined> {
  const payment = paymentOf(m);
  if (payment) {
    const [vault] = await findVaultAddress({ model, programAddress: o.programAddress });
    const data = await sender.getAccountData(vault);
    const held = data && data.length >= 72 ? new DataView(data.buffer, data.byteOffset).getBigUint64(64, true) : 0n;
    return held > m.escrowed ? held - m.escrowed : 0n;
  }
  if (!sender.getBalance) return undefined;
  const data = await sender.getAccountData(model);
  const rent = MODEL_RENT(BigInt(data?.length ?? 0));
  const lamports = await sender.getBalance(model);
  return lamports > rent ? lamports - rent : 0n;
}

/** The treasury withdraws the SOL fees accrued in the fee vault. */
export async function withdrawFees(
  sender: TransactionSender,
  p: { treasury: TransactionSigner } & ActionOptions,
): Promise<SentTransaction> {
  return sender.send([await withdrawFeesInstruction(p)], p.treasury);
}

/** The admin trusts (or stops trusting) a payment mint that has a freeze authority. */
export async function setTrustedMint(
  sender: TransactionSender,
  p: { admin: TransactionSigner; mint: Address; trusted: boolean } & ActionOptions,
): Promise<SentTransaction> {
  return sender.send([await setTrustedMintInstruction(p)], p.admin);
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
    createdAt: j.createdAt,
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
  const paid = ctx.jobAccount.escrow > 0n;
  const payees = !paid ? [] : training ? [ctx.treasury, ctx.oracleAuthority] : [ctx.treasury];
  return sender.send([...(await missingTokenAccounts(sender, p.payer, ctx.payment, payees)), ix], p.payer);
}

/** The arbiter resolves a disputed job. */
export async function resolveDispute(
  sender: TransactionSender,
  p: { arbiter: TransactionSigner; job: Address; refundBps: number } & ActionOptions,
): Promise<SentTransaction> {
  const ctx = await jobPayoutParams(sender, p.job, p);
  const paid = ctx.jobAccount.escrow > 0n;
  const payees = !paid
    ? []
    : [
        ctx.treasury,
        ...(p.refundBps > 0 ? [ctx.requester] : []),
        ...(ctx.kind === JobKind.Training && p.refundBps < 10_000 ? [ctx.oracleAuthority] : []),
      ];
  return sender.send(
    [
      ...(await missingTokenAccounts(sender, p.arbiter, ctx.payment, payees)),
      await resolveDisputeInstruction({ ...ctx, arbiter: p.arbiter, refundBps: p.refundBps }),
    ],
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

/**
 * Refunds an undelivered job after its deadline, or a disputed one the
 * arbiter did not resolve by its `resolveBy`; anyone may pay the fee.
 */
export async function refundExpired(
  sender: TransactionSender,
  p: { payer: TransactionSigner; job: Address } & ActionOptions,
): Promise<SentTransaction> {
  const ctx = await jobPayoutParams(sender, p.job, p);
  return sender.send(
    [
      ...(await missingTokenAccounts(sender, p.payer, ctx.payment, ctx.jobAccount.escrow > 0n ? [ctx.requester] : [])),
      await refundExpiredInstruction(ctx),
    ],
    p.payer,
  );
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
