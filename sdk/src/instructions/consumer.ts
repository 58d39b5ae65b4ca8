import type { Address, Instruction, TransactionSigner } from '@solana/kit';
import { PaymentMode, PROGRAM_ADDRESS } from '../constants.js';
import {
  getBuyPassInstruction,
  getCancelSubscriptionInstruction,
  getCloseJobInstruction,
  getClosePassInstruction,
  getDisputeJobInstruction,
  getRateJobInstruction,
  getRequestGenerationInstruction,
  getSubscribeInstruction,
} from '../generated/index.js';
import {
  findConfigAddress,
  findFeeVaultAddress,
  findGrantAddress,
  findJobAddress,
  findPassAddress,
  findSubscriptionAddress,
  findVersionAddress,
} from '../pdas.js';
import { type Payment, splAccounts, tokenAccountOf } from './payment.js';

/** A consumer acting on a model. */
export interface ConsumerParams {
  user: TransactionSigner;
  model: Address;
  /** Allowlist models: pass the grant (default: derived when `allowlist` is set). */
  allowlist?: boolean;
  /** Omit for SOL. */
  payment?: Payment;
  /** The consumer's token account; default its ATA. */
  userToken?: Address;
  programAddress?: Address;
}

async function grantOf(p: ConsumerParams, programAddress: Address): Promise<Address | undefined> {
  if (!p.allowlist) return undefined;
  return (await findGrantAddress({ model: p.model, user: p.user.address, programAddress }))[0];
}

/**
 * Builds `subscribe` for `months`; refused on-chain when the price exceeds
 * `maxPrice`. SOL fees go to the fee vault; SPL fees to `treasury`'s token
 * account (its ATA unless `treasuryToken` is given).
 */
export async function subscribeInstruction(
  p: ConsumerParams & { months: number; maxPrice: bigint; treasury: Address; treasuryToken?: Address },
): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  const [feeVault] = await findFeeVaultAddress({ programAddress });
  const [subscription] = await findSubscriptionAddress({ model: p.model, user: p.user.address, programAddress });
  return getSubscribeInstruction(
    {
      user: p.user,
      config,
      model: p.model,
      subscription,
      feeVault,
      grant: await grantOf(p, programAddress),
      userToken: await tokenAccountOf(p.user.address, p.payment, p.userToken),
      treasuryToken: await tokenAccountOf(p.treasury, p.payment, p.treasuryToken),
      ...(await splAccounts(p.model, p.payment, programAddress)),
      months: p.months,
      maxPrice: p.maxPrice,
    },
    { programAddress },
  );
}

/**
 * Builds `buy_pass`; refused on-chain when the price exceeds `maxPrice` or
 * the pass has fewer uses than `minUses`.
 */
export async function buyPassInstruction(
  p: ConsumerParams & { maxPrice: bigint; minUses: number },
): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  const [pass] = await findPassAddress({ model: p.model, user: p.user.address, programAddress });
  return getBuyPassInstruction(
    {
      user: p.user,
      config,
      model: p.model,
      pass,
      grant: await grantOf(p, programAddress),
      userToken: await tokenAccountOf(p.user.address, p.payment, p.userToken),
      ...(await splAccounts(p.model, p.payment, programAddress)),
      maxPrice: p.maxPrice,
      minUses: p.minUses,
    },
    { programAddress },
  );
}

/** Builds `cancel_subscription`: while the model is paused, the unused time comes back pro rata. */
export async function cancelSubscriptionInstruction(p: ConsumerParams): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [subscription] = await findSubscriptionAddress({ model: p.model, user: p.user.address, programAddress });
  return getCancelSubscriptionInstruction(
    {
      user: p.user,
      model: p.model,
      subscription,
      userToken: await tokenAccountOf(p.user.address, p.payment, p.userToken),
      ...(await splAccounts(p.model, p.payment, programAddress)),
    },
    { programAddress },
  );
}

/** Builds `close_pass`: the unused balance comes back. */
export async function closePassInstruction(p: ConsumerParams): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [pass] = await findPassAddress({ model: p.model, user: p.user.address, programAddress });
  return getClosePassInstruction(
    {
      user: p.user,
      model: p.model,
      pass,
      userToken: await tokenAccountOf(p.user.address, p.payment, p.userToken),
      ...(await splAccounts(p.model, p.payment, programAddress)),
    },
    { programAddress },
  );
}

/** Parameters of {@link requestGenerationInstruction}. */
export interface RequestGenerationParams extends ConsumerParams {
  /** Job nonce; see `findJobNonce` for the cheapest. */
  nonce: bigint;
  /** CIDv1 of the input on IPFS. */
  inputCid: Uint8Array;
  /** See {@link PaymentMode}; default per use. */
  mode?: number;
  /** Highest per-use price accepted (per-use mode). */
  maxPrice?: bigint;
  /** Version to run; the model's current version when omitted. */
  version: number;
  /** Whether `version` was chosen explicitly (0 is sent otherwise). */
  pinVersion?: boolean;
}

/** Builds `request_generation`; returns the job address with it. */
export async function requestGenerationInstruction(
  p: RequestGenerationParams,
): Promise<{ instruction: Instruction; job: Address }> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const mode = p.mode ?? PaymentMode.PerUse;
  const requester = p.user.address;
  const [config] = await findConfigAddress({ programAddress });
  const [job] = await findJobAddress({ requester, nonce: p.nonce, programAddress });
  const [modelVersion] = await findVersionAddress({ model: p.model, version: p.version, programAddress });
  const subscription =
    mode === PaymentMode.Subscription
      ? (await findSubscriptionAddress({ model: p.model, user: requester, programAddress }))[0]
      : undefined;
  const pass =
    mode === PaymentMode.Pass
      ? (await findPassAddress({ model: p.model, user: requester, programAddress }))[0]
      : undefined;
  const perUseSpl = mode === PaymentMode.PerUse && p.payment;
  const instruction = getRequestGenerationInstruction(
    {
      requester: p.user,
      config,
      model: p.model,
      modelVersion,
      job,
      grant: await grantOf(p, programAddress),
      subscription,
      pass,
      requesterToken: perUseSpl ? await tokenAccountOf(requester, p.payment, p.userToken) : undefined,
      ...(await splAccounts(p.model, p.payment, programAddress)),
      nonce: p.nonce,
      inputCid: p.inputCid,
      mode,
      maxPrice: p.maxPrice ?? 0n,
      version: p.pinVersion ? p.version : 0,
    },
    { programAddress },
  );
  return { instruction, job };
}

/** Builds `dispute_job` with the CID of the reason. */
export async function disputeJobInstruction(p: {
  requester: TransactionSigner;
  job: Address;
  reasonCid: Uint8Array;
  programAddress?: Address;
}): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  return getDisputeJobInstruction(
    { requester: p.requester, config, job: p.job, reasonCid: p.reasonCid },
    { programAddress },
  );
}

/** Builds `rate_job` (1 to 5). */
export function rateJobInstruction(p: {
  requester: TransactionSigner;
  job: Address;
  model: Address;
  rating: number;
  programAddress?: Address;
}): Instruction {
  return getRateJobInstruction(
    { requester: p.requester, job: p.job, model: p.model, rating: p.rating },
    { programAddress: p.programAddress ?? PROGRAM_ADDRESS },
  );
}

/** Builds `close_job`: the requester takes back a finished job's rent. */
export function closeJobInstruction(p: {
  requester: TransactionSigner;
  job: Address;
  programAddress?: Address;
}): Instruction {
  return getCloseJobInstruction(
    { requester: p.requester, job: p.job },
    { programAddress: p.programAddress ?? PROGRAM_ADDRESS },
  );
}
