import type { Address, Instruction, TransactionSigner } from '@solana/kit';
import { PROGRAM_ADDRESS, TOKEN_2022_PROGRAM_ADDRESS } from '../constants.js';
import {
  getCreateModelInstruction,
  getGrantAccessInstruction,
  getRequestTrainingInstruction,
  getRevokeAccessInstruction,
  getUpdateModelInstruction,
  getWithdrawRevenueInstruction,
  getYankVersionInstruction,
} from '../generated/index.js';
import {
  findAssociatedTokenAddress,
  findConfigAddress,
  findGrantAddress,
  findJobAddress,
  findModelAddress,
  findPassAddress,
  findSubscriptionAddress,
  findTrustedMintAddress,
  findVaultAddress,
  findVersionAddress,
} from '../pdas.js';
import { type Payment, splAccounts, tokenAccountOf } from './payment.js';

/** Parameters of {@link createModelInstruction}. */
export interface CreateModelParams {
  creator: TransactionSigner;
  /** A fresh keypair signer for the Token-2022 asset mint. */
  assetMint: TransactionSigner;
  /** See {@link Category}. */
  category: number;
  /** See {@link Visibility}; default public. */
  visibility?: number;
  /** Per-use price in the payment mint's smallest unit (lamports for SOL). */
  pricePerUse: bigint;
  /** Price of 30 days; 0 (default) = no subscriptions. */
  subscriptionPrice?: bigint;
  /** Uses in a pass; 0 (default) = no passes. */
  passSize?: number;
  passPrice?: bigint;
  /** CIDv1 (36 bytes) of the model card JSON. */
  cardCid: Uint8Array;
  /** Asset name (≤ 32 bytes), symbol (≤ 10) and URI of the card (≤ 200). */
  name: string;
  symbol: string;
  uri: string;
  /** Omit for SOL pricing. */
  payment?: Payment;
  programAddress?: Address;
}

/** Builds `create_model`; returns the model and asset addresses with it. */
export async function createModelInstruction(
  p: CreateModelParams,
): Promise<{ instruction: Instruction; model: Address; creatorAsset: Address }> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [model] = await findModelAddress({ assetMint: p.assetMint.address, programAddress });
  const creatorAsset = await findAssociatedTokenAddress({
    wallet: p.creator.address,
    mint: p.assetMint.address,
    tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
  });
  const vault = p.payment ? (await findVaultAddress({ model, programAddress }))[0] : undefined;
  // Read by the program only when the mint has a freeze authority; harmless otherwise.
  const trustedMint = p.payment
    ? (await findTrustedMintAddress({ mint: p.payment.mint, programAddress }))[0]
    : undefined;
  const instruction = getCreateModelInstruction(
    {
      creator: p.creator,
      assetMint: p.assetMint,
      model,
      creatorAsset,
      paymentMint: p.payment?.mint,
      vault,
      paymentTokenProgram: p.payment?.tokenProgram,
      trustedMint,
      category: p.category,
      visibility: p.visibility ?? 0,
      pricePerUse: p.pricePerUse,
      subscriptionPrice: p.subscriptionPrice ?? 0n,
      passSize: p.passSize ?? 0,
      passPrice: p.passPrice ?? 0n,
      cardCid: p.cardCid,
      name: p.name,
      symbol: p.symbol,
      uri: p.uri,
    },
    { programAddress },
  );
  return { instruction, model, creatorAsset };
}

/** Accounts identifying the asset holder acting on a model. */
export interface HolderParams {
  owner: TransactionSigner;
  model: Address;
  assetMint: Address;
  /** The holder's Token-2022 account with the asset; default its ATA. */
  ownerAsset?: Address;
  programAddress?: Address;
}

async function holderAsset(p: HolderParams): Promise<Address> {
  return (
    p.ownerAsset ??
    findAssociatedTokenAddress({ wallet: p.owner.address, mint: p.assetMint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS })
  );
}

/** Builds `update_model`; omitted fields stay as they are. */
export async function updateModelInstruction(
  p: HolderParams & {
    pricePerUse?: bigint;
    subscriptionPrice?: bigint;
    passSize?: number;
    passPrice?: bigint;
    visibility?: number;
    status?: number;
    cardCid?: Uint8Array;
  },
): Promise<Instruction> {
  return getUpdateModelInstruction(
    {
      owner: p.owner,
      model: p.model,
      ownerAsset: await holderAsset(p),
      pricePerUse: p.pricePerUse ?? null,
      subscriptionPrice: p.subscriptionPrice ?? null,
      passSize: p.passSize ?? null,
      passPrice: p.passPrice ?? null,
      visibility: p.visibility ?? null,
      status: p.status ?? null,
      cardCid: p.cardCid ?? null,
    },
    { programAddress: p.programAddress ?? PROGRAM_ADDRESS },
  );
}

/** Builds `grant_access` for `user` until `expiresAt` (unix seconds; 0 = never, the default). */
export async function grantAccessInstruction(
  p: HolderParams & { user: Address; expiresAt?: bigint },
): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [grant] = await findGrantAddress({ model: p.model, user: p.user, programAddress });
  return getGrantAccessInstruction(
    {
      owner: p.owner,
      model: p.model,
      ownerAsset: await holderAsset(p),
      user: p.user,
      grant,
      expiresAt: p.expiresAt ?? 0n,
    },
    { programAddress },
  );
}

/**
 * Builds `revoke_access`: the user's grant is closed (if there is one); with
 * `refundPass` its pass is refunded and closed; with `refundSubscription` its
 * subscription's unused time is refunded pro rata from the model's revenue
 * and the subscription closed (a subscription that does not exist is skipped
 * on-chain).
 */
export async function revokeAccessInstruction(
  p: HolderParams & {
    user: Address;
    refundPass?: boolean;
    refundSubscription?: boolean;
    payment?: Payment;
    userToken?: Address;
  },
): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [grant] = await findGrantAddress({ model: p.model, user: p.user, programAddress });
  const pass = p.refundPass ? (await findPassAddress({ model: p.model, user: p.user, programAddress }))[0] : undefined;
  const subscription = p.refundSubscription
    ? (await findSubscriptionAddress({ model: p.model, user: p.user, programAddress }))[0]
    : undefined;
  const refunds = pass !== undefined || subscription !== undefined;
  return getRevokeAccessInstruction(
    {
      owner: p.owner,
      model: p.model,
      ownerAsset: await holderAsset(p),
      user: p.user,
      grant,
      pass,
      userToken: refunds ? await tokenAccountOf(p.user, p.payment, p.userToken) : undefined,
      ...(refunds ? await splAccounts(p.model, p.payment, programAddress) : {}),
      subscription,
    },
    { programAddress },
  );
}

/** Builds `request_training`: `fee` escrowed for a fine-tune on `datasetCid` with `configCid`. */
export async function requestTrainingInstruction(
  p: HolderParams & {
    nonce: bigint;
    datasetCid: Uint8Array;
    configCid: Uint8Array;
    fee: bigint;
    /** The model's current version; 0 when it has none. */
    currentVersion: number;
    payment?: Payment;
    ownerToken?: Address;
  },
): Promise<{ instruction: Instruction; job: Address }> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  const [job] = await findJobAddress({ requester: p.owner.address, nonce: p.nonce, programAddress });
  const baseVersion =
    p.currentVersion > 0
      ? (await findVersionAddress({ model: p.model, version: p.currentVersion, programAddress }))[0]
      : undefined;
  const instruction = getRequestTrainingInstruction(
    {
      owner: p.owner,
      config,
      model: p.model,
      ownerAsset: await holderAsset(p),
      job,
      baseVersion,
      ownerToken: await tokenAccountOf(p.owner.address, p.payment, p.ownerToken),
      ...(await splAccounts(p.model, p.payment, programAddress)),
      nonce: p.nonce,
      datasetCid: p.datasetCid,
      configCid: p.configCid,
      fee: p.fee,
    },
    { programAddress },
  );
  return { instruction, job };
}

/** Builds `yank_version`. */
export async function yankVersionInstruction(p: HolderParams & { version: number }): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [modelVersion] = await findVersionAddress({ model: p.model, version: p.version, programAddress });
  return getYankVersionInstruction(
    { owner: p.owner, model: p.model, ownerAsset: await holderAsset(p), modelVersion, version: p.version },
    { programAddress },
  );
}

/** Builds `withdraw_revenue` to the holder (its wallet, or its token account for SPL). */
export async function withdrawRevenueInstruction(
  p: HolderParams & { payment?: Payment; ownerToken?: Address },
): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  return getWithdrawRevenueInstruction(
    {
      owner: p.owner,
      model: p.model,
      ownerAsset: await holderAsset(p),
      ownerToken: await tokenAccountOf(p.owner.address, p.payment, p.ownerToken),
      ...(await splAccounts(p.model, p.payment, programAddress)),
    },
    { programAddress },
  );
}
