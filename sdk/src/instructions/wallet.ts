// Plain System, Token and Associated Token instructions the actions add
// around the program's: creating a missing token account for a payout, and
// topping a model's revenue up before a refund. Hand-built (a few bytes each)
// so the SDK needs no other program client.
import { AccountRole, type Address, type Instruction, type TransactionSigner } from '@solana/kit';
import { ASSOCIATED_TOKEN_PROGRAM_ADDRESS, SYSTEM_PROGRAM_ADDRESS } from '../constants.js';
import { findAssociatedTokenAddress } from '../pdas.js';
import type { Payment } from './payment.js';

const u64le = (v: bigint): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
};

/** Associated Token `CreateIdempotent`: `wallet`'s token account for the mint, paid by `payer`. */
export async function createTokenAccountIdempotentInstruction(p: {
  payer: TransactionSigner;
  wallet: Address;
  payment: Payment;
}): Promise<Instruction> {
  const ata = await findAssociatedTokenAddress({
    wallet: p.wallet,
    mint: p.payment.mint,
    tokenProgram: p.payment.tokenProgram,
  });
  return {
    programAddress: ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
    accounts: [
      { address: p.payer.address, role: AccountRole.WRITABLE_SIGNER, signer: p.payer },
      { address: ata, role: AccountRole.WRITABLE },
      { address: p.wallet, role: AccountRole.READONLY },
      { address: p.payment.mint, role: AccountRole.READONLY },
      { address: SYSTEM_PROGRAM_ADDRESS, role: AccountRole.READONLY },
      { address: p.payment.tokenProgram, role: AccountRole.READONLY },
    ],
    data: new Uint8Array([1]),
  } as Instruction;
}

/** System `Transfer` of `lamports` from a signing wallet to any account. */
export function transferLamportsInstruction(p: {
  from: TransactionSigner;
  to: Address;
  lamports: bigint;
}): Instruction {
  const data = new Uint8Array(12);
  data[0] = 2;
  data.set(u64le(p.lamports), 4);
  return {
    programAddress: SYSTEM_PROGRAM_ADDRESS,
    accounts: [
      { address: p.from.address, role: AccountRole.WRITABLE_SIGNER, signer: p.from },
      { address: p.to, role: AccountRole.WRITABLE },
    ],
    data,
  } as Instruction;
}

/** Token `TransferChecked` of `amount` from the signer's token account (its ATA unless given) to `to`. */
export async function transferTokensInstruction(p: {
  from: TransactionSigner;
  fromToken?: Address;
  to: Address;
  payment: Payment;
  decimals: number;
  amount: bigint;
}): Promise<Instruction> {
  const source =
    p.fromToken ??
    (await findAssociatedTokenAddress({
      wallet: p.from.address,
      mint: p.payment.mint,
      tokenProgram: p.payment.tokenProgram,
    }));
  const data = new Uint8Array(10);
  data[0] = 12;
  data.set(u64le(p.amount), 1);
  data[9] = p.decimals;
  return {
    programAddress: p.payment.tokenProgram,
    accounts: [
      { address: source, role: AccountRole.WRITABLE },
      { address: p.payment.mint, role: AccountRole.READONLY },
      { address: p.to, role: AccountRole.WRITABLE },
      { address: p.from.address, role: AccountRole.READONLY_SIGNER, signer: p.from },
    ],
    data,
  } as Instruction;
}
