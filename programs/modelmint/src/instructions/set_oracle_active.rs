//! `set_oracle_active`: the admin activates or deactivates an oracle. An
//! inactive oracle can neither claim nor deliver.
//!
//! Accounts: 0 `admin` [signer]; 1 `config`; 2 `oracle` [writable].
//! Args: active bool.

use pinocchio::ProgramResult;

use crate::{
    args::ArgReader,
    checks,
    events::OracleUpdated,
    processor::Context,
    state::{AccountType, Config, Oracle},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [admin, config, oracle] = checks::accounts::<3>(ctx.accounts)?;
    Config::load(config, ctx.program_id)?.require_admin(admin)?;
    let o = Oracle::load_writable(oracle, ctx.program_id)?;
    let mut r = ArgReader::new(ctx.args);
    let active = r.bool()?;
    r.finish()?;
    o.active.set(active);
    OracleUpdated {
        oracle: oracle.address().to_bytes(),
        authority: o.authority,
        attestation_key: o.attestation_key,
        capabilities: o.capabilities,
        active,
    }
    .emit();
    Ok(())
}
