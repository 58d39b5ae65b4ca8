import type { Address, Instruction, TransactionSigner } from '@solana/kit';
import {
  DEFAULT_DISPUTE_RESOLUTION_SECS,
  DEFAULT_DISPUTE_WINDOW_SECS,
  DEFAULT_FEE_BPS,
  DEFAULT_INFERENCE_TIMEOUT_SECS,
  DEFAULT_TRAINING_TIMEOUT_SECS,
  PROGRAM_ADDRESS,
} from '../constants.js';
import {
  getInitializeConfigInstruction,
  getRegisterOracleInstruction,
  getSetOracleActiveInstruction,
  getSetPausedInstruction,
  getSetTrustedMintInstruction,
  getUpdateConfigInstruction,
  getWithdrawFeesInstruction,
} from '../generated/index.js';
import { findConfigAddress, findFeeVaultAddress, findOracleAddress, findTrustedMintAddress } from '../pdas.js';

/** Parameters of {@link initializeConfigInstruction}. */
export interface InitializeConfigParams {
  /** Signer that becomes the admin and pays for the account. */
  admin: TransactionSigner;
  /** Wallet receiving the platform fee; defaults to the admin. */
  treasury?: Address;
  /** Authority resolving disputes; defaults to the admin. */
  arbiter?: Address;
  /** Platform fee in basis points (default 1,000 = 10%, max 2,000). */
  feeBps?: number;
  /** Dispute window in seconds (default one day). */
  disputeWindowSecs?: bigint;
  /** Inference deadline in seconds (default ten minutes). */
  inferenceTimeoutSecs?: bigint;
  /** Training deadline in seconds (default one day). */
  trainingTimeoutSecs?: bigint;
  /** Time the arbiter has to resolve a dispute, in seconds (default 14 days). */
  disputeResolutionSecs?: bigint;
  /** Program to call; defaults to {@link PROGRAM_ADDRESS}. */
  programAddress?: Address;
}

/** Builds `initialize_config` (which also creates the fee vault) with the documented defaults filled in. */
export async function initializeConfigInstruction(p: InitializeConfigParams): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  const [feeVault] = await findFeeVaultAddress({ programAddress });
  return getInitializeConfigInstruction(
    {
      admin: p.admin,
      config,
      feeVault,
      treasury: p.treasury ?? p.admin.address,
      arbiter: p.arbiter ?? p.admin.address,
      feeBps: p.feeBps ?? DEFAULT_FEE_BPS,
      disputeWindowSecs: p.disputeWindowSecs ?? DEFAULT_DISPUTE_WINDOW_SECS,
      inferenceTimeoutSecs: p.inferenceTimeoutSecs ?? DEFAULT_INFERENCE_TIMEOUT_SECS,
      trainingTimeoutSecs: p.trainingTimeoutSecs ?? DEFAULT_TRAINING_TIMEOUT_SECS,
      disputeResolutionSecs: p.disputeResolutionSecs ?? DEFAULT_DISPUTE_RESOLUTION_SECS,
    },
    { programAddress },
  );
}

/** Parameters of {@link updateConfigInstruction}; omitted settings stay as they are. */
export interface UpdateConfigParams {
  /** The current admin. */
  admin: TransactionSigner;
  newAdmin?: Address;
  treasury?: Address;
  arbiter?: Address;
  feeBps?: number;
  disputeWindowSecs?: bigint;
  inferenceTimeoutSecs?: bigint;
  trainingTimeoutSecs?: bigint;
  /** Applies to disputes opened afterwards. */
  disputeResolutionSecs?: bigint;
  programAddress?: Address;
}

/** Builds `update_config`, changing only the settings given. */
export async function updateConfigInstruction(p: UpdateConfigParams): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  return getUpdateConfigInstruction(
    {
      admin: p.admin,
      config,
      newAdmin: p.newAdmin ?? null,
      treasury: p.treasury ?? null,
      arbiter: p.arbiter ?? null,
      feeBps: p.feeBps ?? null,
      disputeWindowSecs: p.disputeWindowSecs ?? null,
      inferenceTimeoutSecs: p.inferenceTimeoutSecs ?? null,
      trainingTimeoutSecs: p.trainingTimeoutSecs ?? null,
      disputeResolutionSecs: p.disputeResolutionSecs ?? null,
    },
    { programAddress },
  );
}

/** Builds `set_paused`. */
export async function setPausedInstruction(p: {
  admin: TransactionSigner;
  paused: boolean;
  programAddress?: Address;
}): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  return getSetPausedInstruction({ admin: p.admin, config, paused: p.paused }, { programAddress });
}

/** Builds `register_oracle` for `authority`, active, with `capabilities` (see {@link Capability}). */
export async function registerOracleInstruction(p: {
  admin: TransactionSigner;
  authority: Address;
  attestationKey: Address;
  capabilities: number;
  programAddress?: Address;
}): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  const [oracle] = await findOracleAddress({ authority: p.authority, programAddress });
  return getRegisterOracleInstruction(
    {
      admin: p.admin,
      config,
      authority: p.authority,
      oracle,
      attestationKey: p.attestationKey,
      capabilities: p.capabilities,
    },
    { programAddress },
  );
}

/** Builds `set_oracle_active`. */
export async function setOracleActiveInstruction(p: {
  admin: TransactionSigner;
  authority: Address;
  active: boolean;
  programAddress?: Address;
}): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  const [oracle] = await findOracleAddress({ authority: p.authority, programAddress });
  return getSetOracleActiveInstruction({ admin: p.admin, config, oracle, active: p.active }, { programAddress });
}

/**
 * Builds `set_trusted_mint`: with `trusted`, models may be priced in `mint`
 * although it has a freeze authority (e.g. USDC); without, new models may not.
 */
export async function setTrustedMintInstruction(p: {
  admin: TransactionSigner;
  mint: Address;
  trusted: boolean;
  programAddress?: Address;
}): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  const [trustedMint] = await findTrustedMintAddress({ mint: p.mint, programAddress });
  return getSetTrustedMintInstruction(
    { admin: p.admin, config, mint: p.mint, trustedMint, trusted: p.trusted },
    { programAddress },
  );
}

/** Builds `withdraw_fees`: the treasury takes the SOL fees accrued in the fee vault. */
export async function withdrawFeesInstruction(p: {
  treasury: TransactionSigner;
  programAddress?: Address;
}): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  const [feeVault] = await findFeeVaultAddress({ programAddress });
  return getWithdrawFeesInstruction({ treasury: p.treasury, config, feeVault }, { programAddress });
}
