//! Who may act on a model: the asset holder owns it; allowlist models need a
//! live grant for every paid action.

use pinocchio::{error::ProgramError, AccountView, Address};

use crate::{
    constants::visibility,
    cpi::token::read_account,
    errors::ModelmintError,
    ids::TOKEN_2022_PROGRAM,
    state::{AccessGrant, AccountType, Model},
};

/// `holder` signed and `holder_asset` is its Token-2022 account holding the
/// model's asset: revenue and control follow the asset when it is transferred.
pub fn require_holder(model: &Model, holder: &AccountView, holder_asset: &AccountView) -> Result<(), ProgramError> {
    crate::checks::signer(holder)?;
    let t = read_account(holder_asset, &TOKEN_2022_PROGRAM).map_err(|_| ModelmintError::NotAssetHolder)?;
    if t.mint == model.asset_mint && &t.owner == holder.address().as_array() && t.amount == 1 {
        Ok(())
    } else {
        Err(ModelmintError::NotAssetHolder.into())
    }
}

/// A paid action's access check: on an allowlist model, `grant` must be the
/// user's unexpired grant; public models need none. `grant` is `None` when
/// the placeholder was passed.
pub struct Access<'a> {
    pub model: &'a Model,
    pub model_key: &'a Address,
    pub user: &'a Address,
    pub grant: Option<&'a AccountView>,
    pub program_id: &'a Address,
}

impl Access<'_> {
    pub fn require(&self, now: i64) -> Result<(), ProgramError> {
        require_access(self, now)
    }
}

fn require_access(a: &Access, now: i64) -> Result<(), ProgramError> {
    let (model, model_key, user, program_id) = (a.model, a.model_key, a.user, a.program_id);
    if model.visibility != visibility::ALLOWLIST {
        return Ok(());
    }
    let account = a.grant.ok_or(ModelmintError::AccessDenied)?;
    // A revoked grant was closed: its address is a system account again.
    if !account.owned_by(program_id) {
        return Err(ModelmintError::AccessDenied.into());
    }
    let g = AccessGrant::load(account, program_id)?;
    if &g.model != model_key.as_array() || &g.user != user.as_array() {
        return Err(ModelmintError::WrongAccount.into());
    }
    let expires = g.expires_at.get();
    if expires != 0 && now >= expires {
        return Err(ModelmintError::GrantExpired.into());
    }
    Ok(())
}
