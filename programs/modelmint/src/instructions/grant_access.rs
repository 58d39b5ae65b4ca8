//! `grant_access`: the asset holder lets a wallet use an allowlist model,
//! until `expires_at` (0 = never). Granting again updates the expiry.
//!
//! Accounts: 0 `owner` [signer, writable] payer; 1 `model`; 2 `owner_asset`;
//! 3 `user`; 4 `grant` [writable] PDA `["grant", model, user]`;
//! 5 `system_program`. Args: expires_at i64.

use pinocchio::{cpi::Seed, ProgramResult};

use crate::{
    access::require_holder,
    args::ArgReader,
    checks,
    cpi::system::check_program,
    errors::ModelmintError,
    events::AccessGranted,
    pda::{self, runtime, CreatePda},
    processor::Context,
    seeds,
    state::{AccessGrant, AccountType, Model},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [owner, model, owner_asset, user, grant, system_program] = *checks::accounts::<6>(ctx.accounts)?;
    let m = Model::load(&model, program_id)?;
    require_holder(m, &owner, &owner_asset)?;
    checks::writable(&grant)?;
    let mut r = ArgReader::new(ctx.args);
    let expires_at = r.i64()?;
    r.finish()?;
    if expires_at < 0 {
        return Err(ModelmintError::InvalidArgument.into());
    }

    let (model_key, user_key) = (model.address().to_bytes(), user.address().to_bytes());
    let g = if grant.owned_by(program_id) {
        let g = AccessGrant::load(&grant, program_id)?;
        if g.model != model_key || g.user != user_key {
            return Err(ModelmintError::WrongAccount.into());
        }
        g
    } else {
        checks::writable(&owner)?;
        check_program(&system_program)?;
        let bump = pda::canonical(&grant, &[runtime(seeds::GRANT), &model_key, &user_key], program_id)?;
        let b = [bump];
        CreatePda { payer: &owner, account: &grant, space: AccessGrant::SPACE, owner: program_id, extra: 0 }.invoke(
            &[Seed::from(runtime(seeds::GRANT)), Seed::from(&model_key), Seed::from(&user_key), Seed::from(&b)],
        )?;
        let g = AccessGrant::init_account(&grant)?;
        g.model = model_key;
        g.user = user_key;
        g.bump = bump;
        g
    };
    g.expires_at.set(expires_at);
    AccessGranted { model: model_key, user: user_key, expires_at }.emit();
    Ok(())
}
