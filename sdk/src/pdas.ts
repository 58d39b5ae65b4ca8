import {
  type Address,
  getAddressEncoder,
  getProgramDerivedAddress,
  getU32Encoder,
  getU64Encoder,
  type ProgramDerivedAddress,
  type ReadonlyUint8Array,
} from '@solana/kit';

type Seed = string | ReadonlyUint8Array;

import { ASSOCIATED_TOKEN_PROGRAM_ADDRESS, PROGRAM_ADDRESS } from './constants.js';

/** Seed prefixes of the program's PDAs (programs/modelmint/src/seeds.rs). */
export const SEEDS = {
  config: 'config',
  oracle: 'oracle',
  model: 'model',
  vault: 'vault',
  version: 'version',
  grant: 'grant',
  subscription: 'sub',
  pass: 'pass',
  job: 'job',
  feeVault: 'fee_vault',
  trustedMint: 'trusted_mint',
} as const;

const addr = getAddressEncoder();

/** Options shared by every PDA helper. */
export interface PdaOptions {
  /** Program to derive under; defaults to {@link PROGRAM_ADDRESS}. */
  programAddress?: Address;
}

function pda(programAddress: Address | undefined, seeds: Seed[]) {
  return getProgramDerivedAddress({ programAddress: programAddress ?? PROGRAM_ADDRESS, seeds });
}

/** `Config`: `["config"]`. */
export function findConfigAddress({ programAddress }: PdaOptions = {}): Promise<ProgramDerivedAddress> {
  return pda(programAddress, [SEEDS.config]);
}

/** `FeeVault`: `["fee_vault"]`, where SOL platform fees accrue until the treasury withdraws them. */
export function findFeeVaultAddress({ programAddress }: PdaOptions = {}): Promise<ProgramDerivedAddress> {
  return pda(programAddress, [SEEDS.feeVault]);
}

/** `TrustedMint`: `["trusted_mint", mint]`, an admin-trusted payment mint with a freeze authority. */
export function findTrustedMintAddress(p: { mint: Address } & PdaOptions): Promise<ProgramDerivedAddress> {
  return pda(p.programAddress, [SEEDS.trustedMint, addr.encode(p.mint)]);
}

/** `Oracle`: `["oracle", authority]`. */
export function findOracleAddress(p: { authority: Address } & PdaOptions): Promise<ProgramDerivedAddress> {
  return pda(p.programAddress, [SEEDS.oracle, addr.encode(p.authority)]);
}

/** `Model`: `["model", asset_mint]`. */
export function findModelAddress(p: { assetMint: Address } & PdaOptions): Promise<ProgramDerivedAddress> {
  return pda(p.programAddress, [SEEDS.model, addr.encode(p.assetMint)]);
}

/** The model's token vault (SPL pricing): `["vault", model]`. */
export function findVaultAddress(p: { model: Address } & PdaOptions): Promise<ProgramDerivedAddress> {
  return pda(p.programAddress, [SEEDS.vault, addr.encode(p.model)]);
}

/** `ModelVersion`: `["version", model, version_u32_le]`. */
export function findVersionAddress(
  p: { model: Address; version: number } & PdaOptions,
): Promise<ProgramDerivedAddress> {
  return pda(p.programAddress, [SEEDS.version, addr.encode(p.model), getU32Encoder().encode(p.version)]);
}

/** `AccessGrant`: `["grant", model, user]`. */
export function findGrantAddress(p: { model: Address; user: Address } & PdaOptions): Promise<ProgramDerivedAddress> {
  return pda(p.programAddress, [SEEDS.grant, addr.encode(p.model), addr.encode(p.user)]);
}

/** `Subscription`: `["sub", model, user]`. */
export function findSubscriptionAddress(
  p: { model: Address; user: Address } & PdaOptions,
): Promise<ProgramDerivedAddress> {
  return pda(p.programAddress, [SEEDS.subscription, addr.encode(p.model), addr.encode(p.user)]);
}

/** `Pass`: `["pass", model, user]`. */
export function findPassAddress(p: { model: Address; user: Address } & PdaOptions): Promise<ProgramDerivedAddress> {
  return pda(p.programAddress, [SEEDS.pass, addr.encode(p.model), addr.encode(p.user)]);
}

/** `Job`: `["job", requester, nonce_u64_le]`. */
export function findJobAddress(p: { requester: Address; nonce: bigint } & PdaOptions): Promise<ProgramDerivedAddress> {
  return pda(p.programAddress, [SEEDS.job, addr.encode(p.requester), getU64Encoder().encode(p.nonce)]);
}

/**
 * A fresh job nonce whose PDA has canonical bump 255, so the program derives
 * it with a single hash (cheapest `request_generation`). Starts from a random
 * 48-bit value unless `start` is given.
 */
export async function findJobNonce(
  p: { requester: Address; start?: bigint } & PdaOptions,
): Promise<{ nonce: bigint; job: Address }> {
  let nonce = p.start ?? BigInt(Math.floor(Math.random() * 2 ** 48));
  for (;;) {
    const [job, bump] = await findJobAddress({ requester: p.requester, nonce, programAddress: p.programAddress });
    if (bump === 255) return { nonce, job };
    nonce += 1n;
  }
}

/** A wallet's associated token account for `mint` under `tokenProgram`. */
export async function findAssociatedTokenAddress(p: {
  wallet: Address;
  mint: Address;
  tokenProgram: Address;
}): Promise<Address> {
  const [address] = await getProgramDerivedAddress({
    programAddress: ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
    seeds: [addr.encode(p.wallet), addr.encode(p.tokenProgram), addr.encode(p.mint)],
  });
  return address;
}
