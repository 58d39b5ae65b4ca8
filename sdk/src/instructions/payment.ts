import type { Address } from '@solana/kit';
import { findAssociatedTokenAddress, findVaultAddress } from '../pdas.js';

/** How a model is paid: omit for native SOL; for SPL, its mint and token program. */
export interface Payment {
  mint: Address;
  /** SPL Token or Token-2022 program of the mint. */
  tokenProgram: Address;
}

/** The SPL accounts an instruction appends: vault, mint, token program. */
export interface SplAccounts {
  vault: Address;
  paymentMint: Address;
  tokenProgram: Address;
}

/** Vault, mint and program of an SPL-priced model; `{}` for SOL. */
export async function splAccounts(
  model: Address,
  payment: Payment | undefined,
  programAddress?: Address,
): Promise<Partial<SplAccounts>> {
  if (!payment) return {};
  const [vault] = await findVaultAddress({ model, programAddress });
  return { vault, paymentMint: payment.mint, tokenProgram: payment.tokenProgram };
}

/** A wallet's token account for the payment mint (its ATA unless given); undefined for SOL. */
export async function tokenAccountOf(
  wallet: Address,
  payment: Payment | undefined,
  given?: Address,
): Promise<Address | undefined> {
  if (!payment) return undefined;
  return given ?? findAssociatedTokenAddress({ wallet, mint: payment.mint, tokenProgram: payment.tokenProgram });
}
