//! `initialize_config`: creates the `Config` PDA once. The signer becomes the
//! admin; deployment scripts call it in the deploy step so nobody can take
//! the admin seat in between (docs/decisions.md).
//!
//! It also creates the `FeeVault` PDA, where SOL platform fees accrue.
//!
//! Accounts: 0 `admin` [signer, writable] payer; 1 `config` [writable] PDA
//! `["config"]`; 2 `system_program`; 3 `fee_vault` [writable] PDA
//! `["fee_vault"]`.
//! Args: treasury, arbiter, fee_bps u16, dispute_window_secs i64,
//! inference_timeout_secs i64, training_timeout_secs i64,
//! dispute_resolution_secs i64.

use pinocchio::{cpi::Seed, ProgramResult};

use crate::{
    args::ArgReader,
    checks,
    cpi::system::check_program,
    pda::{self, runtime, CreatePda},
    processor::Context,
    seeds,
    state::{config::ConfigParams, AccountType, Config, FeeVault},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [admin, config, system_program, fee_vault] = checks::accounts::<4>(ctx.accounts)?;
    checks::writable_signer(admin)?;
    checks::writable(config)?;
    checks::writable(fee_vault)?;
    check_program(system_program)?;

    let mut r = ArgReader::new(ctx.args);
    let treasury = r.address()?;
    let arbiter = r.address()?;
    let params = ConfigParams {
        fee_bps: r.u16()?,
        dispute_window_secs: r.i64()?,
        inference_timeout_secs: r.i64()?,
        training_timeout_secs: r.i64()?,
        dispute_resolution_secs: r.i64()?,
    };
    r.finish()?;
    params.validate()?;

    let bump = pda::canonical(config, &[runtime(seeds::CONFIG)], program_id)?;
    let bump_seed = [bump];
    CreatePda { payer: admin, account: config, space: Config::SPACE, owner: program_id, extra: 0 }
        .invoke(&[Seed::from(runtime(seeds::CONFIG)), Seed::from(&bump_seed)])?;

    let vault_bump = pda::canonical(fee_vault, &[runtime(seeds::FEE_VAULT)], program_id)?;
    let vault_bump_seed = [vault_bump];
    CreatePda { payer: admin, account: fee_vault, space: FeeVault::SPACE, owner: program_id, extra: 0 }
        .invoke(&[Seed::from(runtime(seeds::FEE_VAULT)), Seed::from(&vault_bump_seed)])?;
    FeeVault::init_account(fee_vault)?.bump = vault_bump;

    let state = Config::init_account(config)?;
    state.admin = admin.address().to_bytes();
    state.treasury = treasury.to_bytes();
    state.arbiter = arbiter.to_bytes();
    state.set_params(&params);
    state.bump = bump;
    state.emit();
    Ok(())
}
