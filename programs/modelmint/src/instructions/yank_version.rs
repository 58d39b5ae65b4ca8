//! `yank_version`: the asset holder withdraws a version's weights from use.
//! New jobs cannot request it; if it was the default version the model has
//! none until the next training settles.
//!
//! Accounts: 0 `owner` [signer]; 1 `model` [writable]; 2 `owner_asset`;
//! 3 `model_version` [writable]. Args: version u32.

use pinocchio::ProgramResult;

use crate::{
    access::require_holder,
    args::ArgReader,
    checks,
    constants::model_status,
    errors::ModelmintError,
    events::VersionYanked,
    processor::Context,
    state::{AccountType, Model, ModelVersion},
};

pub fn process(ctx: &mut Context) -> ProgramResult {
    let [owner, model, owner_asset, version] = *checks::accounts::<4>(ctx.accounts)?;
    let m = Model::load_writable(&model, ctx.program_id)?;
    require_holder(m, &owner, &owner_asset)?;
    let v = ModelVersion::load_writable(&version, ctx.program_id)?;
    let mut r = ArgReader::new(ctx.args);
    let number = r.u32()?;
    r.finish()?;
    if v.model != model.address().to_bytes() || v.version.get() != number {
        return Err(ModelmintError::WrongAccount.into());
    }
    if v.yanked.get() {
        return Err(ModelmintError::VersionUnavailable.into());
    }
    v.yanked.set(true);
    if m.current_version.get() == number {
        m.current_version.set(0);
        if m.status == model_status::READY {
            m.status = model_status::DRAFT;
        }
    }
    VersionYanked { model: model.address().to_bytes(), version: number, current_version: m.current_version.get() }
        .emit();
    Ok(())
}
