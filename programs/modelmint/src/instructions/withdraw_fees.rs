//! `withdraw_fees`: the treasury takes the SOL platform fees accrued in the
//! fee vault (its lamports above rent). SPL fees go straight to the
//! treasury's token account and need no withdrawal.
//!
//! Accounts: 0 `treasury` [signer, writable]; 1 `config`; 2 `fee_vault`
//! [writable].

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks,
    cpi::system::rent_exempt,
    errors::ModelmintError,
    events::FeesWithdrawn,
    lamports,
    processor::Context,
    state::{AccountType, Config, FeeVault},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [treasury, config, fee_vault] = *checks::accounts::<3>(ctx.accounts)?;
    ArgReader::new(ctx.args).finish()?;
    checks::writable_signer(&treasury)?;
    let cfg = Config::load(&config, ctx.program_id)?;
    if &cfg.treasury != treasury.address().as_array() {
        return Err(ModelmintError::Unauthorized.into());
    }
    FeeVault::load_writable(&fee_vault, ctx.program_id)?;
    let amount = lamports::above_rent(&fee_vault, rent_exempt(FeeVault::SPACE)?);
    if amount == 0 {
        return Err(ModelmintError::NothingToWithdraw.into());
    }
    lamports::transfer(&fee_vault, &treasury, amount)?;
    FeesWithdrawn { treasury: treasury.address().to_bytes(), amount }.emit();
    Ok(())
}
