//! `register_oracle`: the admin registers a compute oracle: the authority
//! that signs its transactions, the Ed25519 key that signs results, and what
//! it may do. The oracle starts active.
//!
//! Accounts: 0 `admin` [signer, writable] payer; 1 `config`; 2 `authority`;
//! 3 `oracle` [writable] PDA `["oracle", authority]`; 4 `system_program`.
//! Args: attestation_key pubkey, capabilities u8 (1 infer, 2 train).

use pinocchio::{cpi::Seed, ProgramResult};

use crate::{
    args::ArgReader,
    checks,
    constants::{CAP_INFER, CAP_TRAIN},
    cpi::system::check_program,
    errors::ModelmintError,
    events::OracleRegistered,
    pda::{self, runtime, CreatePda},
    processor::Context,
    seeds,
    state::{AccountType, Config, Oracle},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [admin, config, authority, oracle, system_program] = checks::accounts::<5>(ctx.accounts)?;
    Config::load(config, program_id)?.require_admin(admin)?;
    checks::writable(admin)?;
    check_program(system_program)?;

    let mut r = ArgReader::new(ctx.args);
    let attestation_key = r.bytes32()?;
    let capabilities = r.u8()?;
    r.finish()?;
    if capabilities == 0 || capabilities & !(CAP_INFER | CAP_TRAIN) != 0 {
        return Err(ModelmintError::InvalidArgument.into());
    }

    let key = authority.address().to_bytes();
    let bump = pda::canonical(oracle, &[runtime(seeds::ORACLE), &key], program_id)?;
    let bump_seed = [bump];
    CreatePda { payer: admin, account: oracle, space: Oracle::SPACE, owner: program_id, extra: 0 }.invoke(&[
        Seed::from(runtime(seeds::ORACLE)),
        Seed::from(&key),
        Seed::from(&bump_seed),
    ])?;

    let o = Oracle::init_account(oracle)?;
    o.authority = key;
    o.attestation_key = attestation_key;
    o.capabilities = capabilities;
    o.active.set(true);
    o.bump = bump;
    OracleRegistered {
        oracle: oracle.address().to_bytes(),
        authority: key,
        attestation_key,
        capabilities,
        active: true,
    }
    .emit();
    Ok(())
}
