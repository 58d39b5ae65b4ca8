//! `update_config`: the admin changes any subset of the settings, including
//! handing the admin seat to another key. The whole result is re-validated.
//!
//! Accounts: 0 `admin` [signer]; 1 `config` [writable].
//! Args (each a Borsh `Option`): new_admin, treasury, arbiter, fee_bps u16,
//! dispute_window_secs i64, inference_timeout_secs i64, training_timeout_secs i64,
//! dispute_resolution_secs i64 (applies to disputes opened afterwards).

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
    let new_admin = r.option(|r| r.address())?;
    let treasury = r.option(|r| r.address())?;
    let arbiter = r.option(|r| r.address())?;
    let mut params = state.params();
    if let Some(v) = r.option(|r| r.u16())? {
        params.fee_bps = v;
    }
    if let Some(v) = r.option(|r| r.i64())? {
        params.dispute_window_secs = v;
    }
    if let Some(v) = r.option(|r| r.i64())? {
        params.inference_timeout_secs = v;
    }
    if let Some(v) = r.option(|r| r.i64())? {
        params.training_timeout_secs = v;
    }
    if let Some(v) = r.option(|r| r.i64())? {
        params.dispute_resolution_secs = v;
    }
    r.finish()?;
    params.validate()?;

    state.set_params(&params);
    if let Some(a) = new_admin {
        state.admin = a.to_bytes();
    }
    if let Some(a) = treasury {
        state.treasury = a.to_bytes();
    }
    if let Some(a) = arbiter {
        state.arbiter = a.to_bytes();
    }
    state.emit();
    Ok(())
}
