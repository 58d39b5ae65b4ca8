//! `grant_access`: the asset holder lets a wallet use an allowlist model,
//! until `expires_at` (0 = never). Granting again updates the expiry.
//!
//! Accounts: 0 `owner` [signer, writable] payer; 1 `model`; 2 `owner_asset`;
//! 3 `user`; 4 `grant` [writable] PDA `["grant", model, user]`;
//! 5 `system_program`. Args: expires_at i64.

use pinocchio::ProgramResult;

use crate::{
    access::require_holder,
    args::ArgReader,
    checks,
    errors::ModelmintError,
    events::AccessGranted,
    per_user::OpenPerUser,
    processor::Context,
    state::{AccessGrant, AccountType, Model},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let program_id = ctx.program_id;
    let [owner, model, owner_asset, user, grant, system_program] = *checks::accounts::<6>(ctx.accounts)?;
    let m = Model::load(&model, program_id)?;
    require_holder(m, &owner, &owner_asset)?;
    let mut r = ArgReader::new(ctx.args);
    let expires_at = r.i64()?;
    r.finish()?;
    if expires_at < 0 {
        return Err(ModelmintError::InvalidArgument.into());
    }

    let (model_key, user_key) = (model.address().to_bytes(), user.address().to_bytes());
    let (g, _) = OpenPerUser {
        program_id,
        payer: &owner,
        account: &grant,
        system_program: &system_program,
        model: model_key,
        user: user_key,
        extra: 0,
    }
    .open::<AccessGrant>()?;
    g.expires_at.set(expires_at);
    AccessGranted { model: model_key, user: user_key, expires_at }.emit();
    Ok(())
}
