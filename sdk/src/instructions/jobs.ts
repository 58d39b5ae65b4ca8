import type { Address, Instruction, TransactionSigner } from '@solana/kit';
import { JobKind, PROGRAM_ADDRESS } from '../constants.js';
import {
  getClaimJobInstruction,
  getFailJobInstruction,
  getRefundExpiredInstruction,
  getResolveDisputeInstruction,
  getSettleJobInstruction,
  getSubmitResultInstruction,
} from '../generated/index.js';
import { findConfigAddress, findFeeVaultAddress, findOracleAddress, findVersionAddress } from '../pdas.js';
import { type Payment, splAccounts, tokenAccountOf } from './payment.js';

/** What the job-ending instructions need to know about a job. */
export interface JobAccounts {
  job: Address;
  requester: Address;
  model: Address;
  /** See {@link JobKind}. */
  kind: number;
  /** Omit for SOL. */
  payment?: Payment;
  programAddress?: Address;
}

/** Builds `claim_job` for the oracle whose authority signs. */
export async function claimJobInstruction(p: {
  authority: TransactionSigner;
  job: Address;
  programAddress?: Address;
}): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [oracle] = await findOracleAddress({ authority: p.authority.address, programAddress });
  return getClaimJobInstruction({ authority: p.authority, oracle, job: p.job }, { programAddress });
}

/**
 * Builds `submit_result`. It must follow, in the same transaction, the
 * Ed25519 instruction from `ed25519VerifyInstruction` over
 * `attestationMessage` (see `actions.submitResult`, which adds both).
 */
export async function submitResultInstruction(p: {
  authority: TransactionSigner;
  job: Address;
  resultCid: Uint8Array;
  programAddress?: Address;
}): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [oracle] = await findOracleAddress({ authority: p.authority.address, programAddress });
  return getSubmitResultInstruction(
    { authority: p.authority, oracle, job: p.job, resultCid: p.resultCid },
    { programAddress },
  );
}

/** Builds `fail_job`: the requester is refunded in full. */
export async function failJobInstruction(
  p: JobAccounts & { authority: TransactionSigner; reasonCode: number; requesterToken?: Address },
): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [oracle] = await findOracleAddress({ authority: p.authority.address, programAddress });
  return getFailJobInstruction(
    {
      authority: p.authority,
      oracle,
      job: p.job,
      requester: p.requester,
      model: p.model,
      requesterToken: await tokenAccountOf(p.requester, p.payment, p.requesterToken),
      ...(await splAccounts(p.model, p.payment, programAddress)),
      reasonCode: p.reasonCode,
    },
    { programAddress },
  );
}

/** Builds `refund_expired` (anyone, after the deadline, or after an unresolved dispute's `resolveBy`). */
export async function refundExpiredInstruction(p: JobAccounts & { requesterToken?: Address }): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  return getRefundExpiredInstruction(
    {
      job: p.job,
      requester: p.requester,
      model: p.model,
      requesterToken: await tokenAccountOf(p.requester, p.payment, p.requesterToken),
      ...(await splAccounts(p.model, p.payment, programAddress)),
    },
    { programAddress },
  );
}

/** The payout block of `settle_job` and `resolve_dispute`. */
export interface PayoutParams extends JobAccounts {
  /** Oracle that claimed the job, by its authority. */
  oracleAuthority: Address;
  /** The config's treasury wallet: SPL fees go to its token account (SOL fees to the fee vault). */
  treasury: Address;
}

async function payoutAccounts(p: PayoutParams, programAddress: Address) {
  const [oracle] = await findOracleAddress({ authority: p.oracleAuthority, programAddress });
  const training = p.kind === JobKind.Training;
  const payee = training ? p.oracleAuthority : p.model;
  const [feeVault] = await findFeeVaultAddress({ programAddress });
  return {
    requester: p.requester,
    model: p.model,
    oracle,
    payee,
    feeVault,
    requesterToken: await tokenAccountOf(p.requester, p.payment),
    payeeToken: training ? await tokenAccountOf(p.oracleAuthority, p.payment) : undefined,
    treasuryToken: await tokenAccountOf(p.treasury, p.payment),
    ...(await splAccounts(p.model, p.payment, programAddress)),
  };
}

/** Builds `settle_job`; training jobs also need `payer` and the model's next `version`. */
export async function settleJobInstruction(
  p: PayoutParams & { payer?: TransactionSigner; nextVersion?: number },
): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  const training = p.kind === JobKind.Training;
  if (training && (!p.payer || p.nextVersion === undefined)) {
    throw new Error('settling a training job needs a payer and the next version number');
  }
  const modelVersion =
    training && p.nextVersion !== undefined
      ? (await findVersionAddress({ model: p.model, version: p.nextVersion, programAddress }))[0]
      : undefined;
  return getSettleJobInstruction(
    {
      config,
      job: p.job,
      ...(await payoutAccounts(p, programAddress)),
      payer: training ? p.payer : undefined,
      modelVersion,
      systemProgram: training ? undefined : (programAddress as Address<string>),
    },
    { programAddress },
  );
}

/** Builds `resolve_dispute`: `refundBps` of the escrow back to the requester. */
export async function resolveDisputeInstruction(
  p: PayoutParams & { arbiter: TransactionSigner; refundBps: number },
): Promise<Instruction> {
  const programAddress = p.programAddress ?? PROGRAM_ADDRESS;
  const [config] = await findConfigAddress({ programAddress });
  return getResolveDisputeInstruction(
    { arbiter: p.arbiter, config, job: p.job, ...(await payoutAccounts(p, programAddress)), refundBps: p.refundBps },
    { programAddress },
  );
}
