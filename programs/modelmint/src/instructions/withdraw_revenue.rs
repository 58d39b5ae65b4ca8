//! `withdraw_revenue`: whoever holds the asset takes the model's revenue:
//! SOL above the model account's rent, or vault tokens not owed to open
//! jobs and passes.
//!
//! Accounts: 0 `owner` [signer, writable]; 1 `model` [writable];
//! 2 `owner_asset`; SPL: 3 `owner_token` [writable], 4 `vault` [writable],
//! 5 `payment_mint`, 6 `token_program`.

use pinocchio::ProgramResult;

use crate::{
    access::require_holder,
    args::ArgReader,
    checks,
    cpi::{system::rent_exempt, token::read_account},
    errors::ModelmintError,
    events::RevenueWithdrawn,
    lamports,
    payments::{optional, Spl},
    processor::Context,
    state::{AccountType, Model},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [owner, model, owner_asset] = *checks::accounts::<3>(ctx.accounts)?;
    ArgReader::new(ctx.args).finish()?;
    let m = Model::load_writable(&model, program_id)?;
    require_holder(m, &owner, &owner_asset)?;
    let spl = Spl::for_model(
        m,
        optional(ctx.accounts, 5, program_id),
        optional(ctx.accounts, 4, program_id),
        optional(ctx.accounts, 6, program_id),
    )?;
    let amount = match &spl {
        None => {
            checks::writable(&owner)?;
            let amount = lamports::above_rent(&model, rent_exempt(Model::SPACE)?);
            if amount == 0 {
                return Err(ModelmintError::NothingToWithdraw.into());
            }
            lamports::transfer(&model, &owner, amount)?;
            amount
        }
        Some(spl) => {
            let to = optional(ctx.accounts, 3, program_id).ok_or(ModelmintError::NotEnoughAccounts)?;
            spl.check_owner(to, owner.address().as_array())?;
            let held = read_account(spl.vault, spl.program.address())?.amount;
            let amount = held.saturating_sub(m.escrowed.get());
            if amount == 0 {
                return Err(ModelmintError::NothingToWithdraw.into());
            }
            spl.pay_out(&model, m, to, amount)?;
            amount
        }
    };
    RevenueWithdrawn {
        model: model.address().to_bytes(),
        owner: owner.address().to_bytes(),
        amount,
        payment_mint: m.payment_mint,
    }
    .emit();
    Ok(())
}
