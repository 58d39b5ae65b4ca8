//! Moving lamports out of the program's own accounts (jobs, passes, models,
//! subscriptions) without a CPI: the runtime lets an owner debit its accounts
//! and anyone credit any account.

use pinocchio::{AccountView, ProgramResult};

use crate::errors::ModelmintError;

/// Moves `amount` lamports from program-owned `from` to `to`.
pub fn transfer(from: &AccountView, to: &AccountView, amount: u64) -> ProgramResult {
    if amount == 0 || from.address() == to.address() {
        return Ok(());
    }
    let new_from = from.lamports().checked_sub(amount).ok_or(ModelmintError::ArithmeticOverflow)?;
    let new_to = to.lamports().checked_add(amount).ok_or(ModelmintError::ArithmeticOverflow)?;
    let (mut f, mut t) = (*from, *to);
    f.set_lamports(new_from);
    t.set_lamports(new_to);
    Ok(())
}

/// Moves every lamport of `from` to `to` (closing).
pub fn sweep(from: &AccountView, to: &AccountView) -> ProgramResult {
    transfer(from, to, from.lamports())
}

/// Lamports of `account` above `rent`: escrow or revenue held in it.
pub fn above_rent(account: &AccountView, rent: u64) -> u64 {
    account.lamports().saturating_sub(rent)
}
