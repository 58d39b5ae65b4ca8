//! `set_paused`: the admin stops or resumes new paid activity (requests,
//! subscriptions, passes). Jobs already paid still finish, settle or refund.
//!
//! Accounts: 0 `admin` [signer]; 1 `config` [writable]. Args: paused bool.

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks,
    processor::Context,
    state::{AccountType, Config},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [admin, config] = checks::accounts::<2>(ctx.accounts)?;
    let state = Config::load_writable(config, ctx.program_id)?;
    state.require_admin(admin)?;
    let mut r = ArgReader::new(ctx.args);
    let paused = r.bool()?;
    r.finish()?;
    state.paused.set(paused);
    state.emit();
    Ok(())
}
