//! Account checks shared by every instruction. Each returns the program's
//! named error so a client learns exactly which rule an account broke.

use pinocchio::{error::ProgramError, AccountView, Address};

use crate::errors::ModelmintError;

/// The account signed the transaction.
#[inline(always)]
pub fn signer(account: &AccountView) -> Result<(), ProgramError> {
    if account.is_signer() {
        Ok(())
    } else {
        Err(ModelmintError::MissingSignature.into())
    }
}

/// The account is writable in this instruction.
#[inline(always)]
pub fn writable(account: &AccountView) -> Result<(), ProgramError> {
    if account.is_writable() {
        Ok(())
    } else {
        Err(ModelmintError::AccountNotWritable.into())
    }
}

/// The account is a writable signer (a payer).
#[inline(always)]
pub fn writable_signer(account: &AccountView) -> Result<(), ProgramError> {
    signer(account)?;
    writable(account)
}

/// The account is owned by `owner`.
#[inline(always)]
pub fn owned_by(account: &AccountView, owner: &Address) -> Result<(), ProgramError> {
    if account.owned_by(owner) {
        Ok(())
    } else {
        Err(ModelmintError::InvalidAccountOwner.into())
    }
}

/// The account is the program `expected` (guards every CPI target).
#[inline(always)]
pub fn program(account: &AccountView, expected: &Address) -> Result<(), ProgramError> {
    if account.address() == expected {
        Ok(())
    } else {
        Err(ModelmintError::InvalidProgram.into())
    }
}

/// The account is still unallocated and owned by the system program, so
/// creating it cannot overwrite live state (reinitialisation guard).
#[inline(always)]
pub fn uninitialized(account: &AccountView) -> Result<(), ProgramError> {
    if account.data_len() == 0 && account.owned_by(&pinocchio_system::ID) {
        Ok(())
    } else {
        Err(ModelmintError::AlreadyInitialized.into())
    }
}

/// Splits off the first `N` accounts, failing with a named error when fewer
/// were passed.
#[inline(always)]
pub fn accounts<const N: usize>(accounts: &mut [AccountView]) -> Result<&mut [AccountView; N], ProgramError> {
    accounts.first_chunk_mut::<N>().ok_or_else(|| ModelmintError::NotEnoughAccounts.into())
}
