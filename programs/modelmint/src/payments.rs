//! Moving money for a model. SOL escrow sits in the job's (or pass's)
//! lamports above rent and SOL revenue in the model's; SPL escrow and revenue
//! share the model's token vault, with `Model::escrowed` counting the part
//! owed to open jobs and passes (docs/decisions.md).

use pinocchio::{error::ProgramError, AccountView, Address, ProgramResult};

use crate::{
    cpi::token::{check_account, kind_of, TransferChecked},
    errors::ModelmintError,
    ids::{TOKEN_2022_PROGRAM, TOKEN_PROGRAM},
    state::Model,
};

/// Returns account `i` unless absent or the program id placeholder that
/// Anchor clients pass for an omitted optional account.
pub fn optional<'a>(accounts: &'a [AccountView], i: usize, program_id: &Address) -> Option<&'a AccountView> {
    accounts.get(i).filter(|a| a.address() != program_id)
}

/// The token accounts of an SPL-priced model, checked against the model.
pub struct Spl<'a> {
    pub program: &'a AccountView,
    pub mint: &'a AccountView,
    pub vault: &'a AccountView,
    pub decimals: u8,
}

impl<'a> Spl<'a> {
    /// `None` for SOL models; for SPL models the three accounts must be
    /// present and be the model's mint, vault and token program.
    pub fn for_model(
        model: &Model,
        mint: Option<&'a AccountView>,
        vault: Option<&'a AccountView>,
        program: Option<&'a AccountView>,
    ) -> Result<Option<Self>, ProgramError> {
        if model.is_native() {
            return Ok(None);
        }
        let (Some(mint), Some(vault), Some(program)) = (mint, vault, program) else {
            return Err(ModelmintError::NotEnoughAccounts.into());
        };
        if kind_of(program)? != model.token_kind {
            return Err(ModelmintError::InvalidProgram.into());
        }
        if mint.address().as_array() != &model.payment_mint {
            return Err(ModelmintError::InvalidMint.into());
        }
        if vault.address().as_array() != &model.vault {
            return Err(ModelmintError::WrongAccount.into());
        }
        crate::checks::writable(vault)?;
        Ok(Some(Self { program, mint, vault, decimals: model.decimals }))
    }

    fn program_id(&self) -> &'static Address {
        if self.program.address() == &TOKEN_PROGRAM {
            &TOKEN_PROGRAM
        } else {
            &TOKEN_2022_PROGRAM
        }
    }

    /// Checks `account` is a token account of this mint owned by `owner`.
    pub fn check_owner(&self, account: &AccountView, owner: &[u8; 32]) -> ProgramResult {
        check_account(account, self.program_id(), self.mint.address().as_array(), owner)
    }

    /// Moves `amount` from a wallet's token account (the wallet signs).
    pub fn transfer_in(
        &self,
        from: &AccountView,
        authority: &AccountView,
        to: &AccountView,
        amount: u64,
    ) -> ProgramResult {
        crate::checks::writable(from)?;
        TransferChecked { program: self.program, from, mint: self.mint, to, authority, amount, decimals: self.decimals }
            .invoke(&[])
    }

    /// Moves `amount` out of the vault, signed by the model PDA.
    pub fn pay_out(&self, model_view: &AccountView, model: &Model, to: &AccountView, amount: u64) -> ProgramResult {
        if amount == 0 {
            return Ok(());
        }
        crate::checks::writable(to)?;
        model.with_signer(|signers| {
            TransferChecked {
                program: self.program,
                from: self.vault,
                mint: self.mint,
                to,
                authority: model_view,
                amount,
                decimals: self.decimals,
            }
            .invoke(signers)
        })
    }
}

/// Adds to `Model::escrowed`.
pub fn escrow_add(model: &mut Model, amount: u64) -> ProgramResult {
    let v = model.escrowed.get().checked_add(amount).ok_or(ModelmintError::ArithmeticOverflow)?;
    model.escrowed.set(v);
    Ok(())
}

/// Releases from `Model::escrowed` (paid out or turned into revenue).
pub fn escrow_release(model: &mut Model, amount: u64) -> ProgramResult {
    let v = model.escrowed.get().checked_sub(amount).ok_or(ModelmintError::ArithmeticOverflow)?;
    model.escrowed.set(v);
    Ok(())
}

/// Adds to the model's gross revenue counter.
pub fn count_revenue(model: &mut Model, amount: u64) -> ProgramResult {
    let v = model.gross_revenue.get().checked_add(amount).ok_or(ModelmintError::ArithmeticOverflow)?;
    model.gross_revenue.set(v);
    Ok(())
}
