//! `initialize_config`: creates the `Config` PDA once. The signer becomes the
//! admin; deployment scripts call it in the deploy transaction so nobody can
//! take the admin seat in between (see docs/decisions.md).
//!
//! Accounts: 0 `admin` [signer, writable] payer; 1 `config` [writable] PDA
//! `["config"]`; 2 `system_program`.
//! Args: treasury, arbiter, fee_bps u16, dispute_window_secs i64,
//! inference_timeout_secs i64, training_timeout_secs i64.

use pinocchio::{cpi::Seed, ProgramResult};

use crate::{
    args::ArgReader,
    checks,
    events::ConfigUpdated,
    processor::Context,
    seeds,
    state::{config::ConfigParams, AccountType, Config},
    system,
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [admin, config, system_program] = checks::accounts::<3>(ctx.accounts)?;
    checks::writable_signer(admin)?;
    checks::writable(config)?;
    checks::program(system_program, &pinocchio_system::ID)?;
    checks::uninitialized(config)?;

    let mut r = ArgReader::new(ctx.args);
    let treasury = r.address()?;
    let arbiter = r.address()?;
    let params = ConfigParams {
        fee_bps: r.u16()?,
        dispute_window_secs: r.i64()?,
        inference_timeout_secs: r.i64()?,
        training_timeout_secs: r.i64()?,
    };
    r.finish()?;
    params.validate()?;

    let bump = system::canonical_pda(config, &[system::runtime(seeds::CONFIG)], program_id)?;
    let bump_seed = [bump];
    system::create_pda(
        admin,
        config,
        Config::SPACE,
        program_id,
        &[Seed::from(system::runtime(seeds::CONFIG)), Seed::from(&bump_seed)],
    )?;

    // SAFETY: the account was just created by this instruction; no other borrow.
    let state = Config::init(unsafe { config.borrow_unchecked_mut() })?;
    state.admin = admin.address().to_bytes();
    state.treasury = treasury.to_bytes();
    state.arbiter = arbiter.to_bytes();
    state.set_params(&params);
    state.paused.set(false);
    state.bump = bump;

    ConfigUpdated {
        admin: admin.address().clone(),
        treasury,
        arbiter,
        fee_bps: params.fee_bps,
        dispute_window_secs: params.dispute_window_secs,
        inference_timeout_secs: params.inference_timeout_secs,
        training_timeout_secs: params.training_timeout_secs,
        paused: false,
    }
    .emit();
    Ok(())
}
