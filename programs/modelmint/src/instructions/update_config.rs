//! `update_config`: the admin changes any subset of the settings, including
//! handing the admin seat to another key. The whole result is re-validated.
//!
//! Accounts: 0 `admin` [signer]; 1 `config` [writable].
//! Args (each a Borsh `Option`): new_admin, treasury, arbiter, fee_bps u16,
//! dispute_window_secs i64, inference_timeout_secs i64, training_timeout_secs i64.

use pinocchio::{Address, ProgramResult};

use crate::{
    args::ArgReader,
    checks,
    errors::ModelmintError,
    events::ConfigUpdated,
    processor::Context,
    state::{AccountType, Config},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [admin, config] = checks::accounts::<2>(ctx.accounts)?;
    checks::signer(admin)?;
    checks::writable(config)?;
    checks::owned_by(config, program_id)?;

    let mut r = ArgReader::new(ctx.args);
    let new_admin = r.option(|r| r.address())?;
    let treasury = r.option(|r| r.address())?;
    let arbiter = r.option(|r| r.address())?;
    let fee_bps = r.option(|r| r.u16())?;
    let dispute_window_secs = r.option(|r| r.i64())?;
    let inference_timeout_secs = r.option(|r| r.i64())?;
    let training_timeout_secs = r.option(|r| r.i64())?;
    r.finish()?;

    // SAFETY: `admin` and `config` are distinct accounts checked above (a
    // signer key equal to the config PDA is impossible: PDAs are off-curve).
    let state = Config::from_bytes_mut(unsafe { config.borrow_unchecked_mut() })?;
    if state.admin != *admin.address().as_array() {
        return Err(ModelmintError::Unauthorized.into());
    }

    let mut params = state.params();
    if let Some(v) = fee_bps {
        params.fee_bps = v;
    }
    if let Some(v) = dispute_window_secs {
        params.dispute_window_secs = v;
    }
    if let Some(v) = inference_timeout_secs {
        params.inference_timeout_secs = v;
    }
    if let Some(v) = training_timeout_secs {
        params.training_timeout_secs = v;
    }
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

    ConfigUpdated {
        admin: Address::new_from_array(state.admin),
        treasury: Address::new_from_array(state.treasury),
        arbiter: Address::new_from_array(state.arbiter),
        fee_bps: params.fee_bps,
        dispute_window_secs: params.dispute_window_secs,
        inference_timeout_secs: params.inference_timeout_secs,
        training_timeout_secs: params.training_timeout_secs,
        paused: state.paused.get(),
    }
    .emit();
    Ok(())
}
