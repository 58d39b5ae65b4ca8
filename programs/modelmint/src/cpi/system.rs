//! System program calls and rent.

use pinocchio::{
    cpi::{invoke_signed, Signer},
    error::ProgramError,
    instruction::{InstructionAccount, InstructionView},
    sysvars::{rent::Rent, Sysvar},
    AccountView, Address, ProgramResult,
};

use crate::{errors::ModelmintError, ids::SYSTEM_PROGRAM};

/// Rent-exempt minimum for `space` bytes.
pub fn rent_exempt(space: usize) -> Result<u64, ProgramError> {
    Rent::get()?.try_minimum_balance(space)
}

/// `CreateAccount` with PDA signatures for the new account.
pub struct CreateAccount<'a> {
    pub from: &'a AccountView,
    pub to: &'a AccountView,
    pub lamports: u64,
    pub space: u64,
    pub owner: &'a Address,
}

impl CreateAccount<'_> {
    pub fn invoke(&self, signers: &[Signer]) -> ProgramResult {
        let mut data = [0u8; 52];
        data[4..12].copy_from_slice(&self.lamports.to_le_bytes());
        data[12..20].copy_from_slice(&self.space.to_le_bytes());
        data[20..52].copy_from_slice(self.owner.as_ref());
        let metas = [
            InstructionAccount::writable_signer(self.from.address()),
            InstructionAccount::writable_signer(self.to.address()),
        ];
        let ix = InstructionView { program_id: &SYSTEM_PROGRAM, accounts: &metas, data: &data };
        invoke_signed(&ix, &[self.from, self.to], signers)
    }
}

/// `Transfer` of lamports from a signing wallet.
pub fn transfer(from: &AccountView, to: &AccountView, lamports: u64) -> ProgramResult {
    let mut data = [0u8; 12];
    data[0] = 2;
    data[4..12].copy_from_slice(&lamports.to_le_bytes());
    let metas = [InstructionAccount::writable_signer(from.address()), InstructionAccount::writable(to.address())];
    let ix = InstructionView { program_id: &SYSTEM_PROGRAM, accounts: &metas, data: &data };
    invoke_signed(&ix, &[from, to], &[])
}

/// `Allocate` then `Assign` a pre-funded PDA.
pub fn allocate_and_assign(account: &AccountView, space: u64, owner: &Address, signers: &[Signer]) -> ProgramResult {
    let metas = [InstructionAccount::writable_signer(account.address())];
    let mut alloc = [0u8; 12];
    alloc[0] = 8;
    alloc[4..12].copy_from_slice(&space.to_le_bytes());
    invoke_signed(
        &InstructionView { program_id: &SYSTEM_PROGRAM, accounts: &metas, data: &alloc },
        &[account],
        signers,
    )?;
    let mut assign = [0u8; 36];
    assign[0] = 1;
    assign[4..36].copy_from_slice(owner.as_ref());
    invoke_signed(
        &InstructionView { program_id: &SYSTEM_PROGRAM, accounts: &metas, data: &assign },
        &[account],
        signers,
    )
}

/// The system program account passed to an instruction.
pub fn check_program(account: &AccountView) -> Result<(), ProgramError> {
    if account.address() == &SYSTEM_PROGRAM {
        Ok(())
    } else {
        Err(ModelmintError::InvalidProgram.into())
    }
}
