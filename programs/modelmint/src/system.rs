//! Creating the program's PDA accounts through the system program.

use pinocchio::{
    cpi::{Seed, Signer},
    error::ProgramError,
    AccountView, Address, ProgramResult,
};

use crate::errors::ModelmintError;

/// Hides a reference from constant folding.
///
/// sbpf-linker 0.1.9 relocates addresses loaded by instructions (`lddw`) but
/// not addresses stored inside read-only data. A constant array of slices,
/// such as a PDA's seed list, would be folded into `.rodata` with its inner
/// pointers left at 0. Passing each seed through `runtime` makes the compiler
/// build the array on the stack at run time, from relocated `lddw` loads.
/// See docs/decisions.md, "No pointers in read-only data".
#[inline(always)]
pub fn runtime<T: ?Sized>(x: &T) -> &T {
    core::hint::black_box(x)
}

/// Finds the canonical bump for `seeds`, checks that `account` is that PDA and
/// returns the bump. Only used when an account is created: afterwards the
/// stored bump and the owner/discriminator checks stand in for re-derivation.
pub fn canonical_pda(account: &AccountView, seeds: &[&[u8]], program_id: &Address) -> Result<u8, ProgramError> {
    let (expected, bump) =
        Address::try_find_program_address(seeds, program_id).ok_or(ProgramError::from(ModelmintError::InvalidPda))?;
    if account.address() == &expected {
        Ok(bump)
    } else {
        Err(ModelmintError::InvalidPda.into())
    }
}

/// Creates `account` as a rent-exempt PDA of `space` bytes owned by
/// `program_id`, paid by `payer`. Works when someone pre-funded the address
/// (transfer + allocate + assign instead of create), so lamports sent to a
/// future PDA cannot block its creation.
pub fn create_pda(
    payer: &AccountView,
    account: &mut AccountView,
    space: usize,
    program_id: &Address,
    signer_seeds: &[Seed],
) -> ProgramResult {
    let signer = Signer::from(signer_seeds);
    pinocchio_system::create_account_with_minimum_balance_signed(account, space, program_id, payer, None, &[signer])
}
